import { SearchIcon } from "lucide-react";

import { CommandPaletteButton } from "@/components/shell/command-palette-button";
import type { NavItem, QuickAction } from "@/components/shell/types";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export const defaultQuickActions: QuickAction[] = [
  { href: "/models/new", label: "Add model" },
  { href: "/keys/new", label: "Issue key" },
];

/** ⌘K / Ctrl+K (or the header button) opens it; Enter on an item navigates. The cmdk dialog loads on first open. */
export function CommandPalette({
  nav,
  actions = defaultQuickActions,
  className,
}: {
  nav: NavItem[];
  actions?: QuickAction[];
  className?: string;
}) {
  return (
    <CommandPaletteButton
      nav={nav}
      actions={actions}
      className={cn(buttonVariants({ variant: "outline", size: "sm" }), "gap-2 text-muted-foreground", className)}
    >
      <SearchIcon aria-hidden />
      <span>Search</span>
      <kbd
        aria-hidden
        className="pointer-events-none hidden h-5 items-center gap-0.5 rounded border bg-muted px-1.5 font-mono text-[10px] font-medium text-muted-foreground select-none sm:inline-flex"
      >
        ⌘K
      </kbd>
    </CommandPaletteButton>
  );
}
