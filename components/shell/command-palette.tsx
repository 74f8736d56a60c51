"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { PlusIcon, SearchIcon } from "lucide-react";

import { NavIcon } from "@/components/shell/nav-icon";
import type { NavItem, QuickAction } from "@/components/shell/types";
import { Button } from "@/components/ui/button";
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { cn } from "@/lib/utils";

export const defaultQuickActions: QuickAction[] = [
  { href: "/models/new", label: "Add model" },
  { href: "/keys/new", label: "Issue key" },
];

/** ⌘K / Ctrl+K (or the header button) opens it; Enter on an item navigates. */
export function CommandPalette({
  nav,
  actions = defaultQuickActions,
  className,
}: {
  nav: NavItem[];
  actions?: QuickAction[];
  className?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);

  React.useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen((current) => !current);
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const go = React.useCallback(
    (href: string) => {
      setOpen(false);
      router.push(href);
    },
    [router],
  );

  return (
    <>
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Meta+K Control+K"
        className={cn("gap-2 text-muted-foreground", className)}
      >
        <SearchIcon aria-hidden />
        <span>Search</span>
        <kbd
          aria-hidden
          className="pointer-events-none hidden h-5 items-center gap-0.5 rounded border bg-muted px-1.5 font-mono text-[10px] font-medium text-muted-foreground select-none sm:inline-flex"
        >
          ⌘K
        </kbd>
      </Button>
      <CommandDialog open={open} onOpenChange={setOpen} title="Command palette">
        <CommandInput placeholder="Go to a page or run an action…" />
        <CommandList>
          <CommandEmpty>No matching pages or actions.</CommandEmpty>
          {nav.length > 0 ? (
            <CommandGroup heading="Pages">
              {nav.map((item) => (
                <CommandItem key={item.href} value={`page ${item.label} ${item.href}`} onSelect={() => go(item.href)}>
                  <NavIcon name={item.icon} />
                  <span>{item.label}</span>
                </CommandItem>
              ))}
            </CommandGroup>
          ) : null}
          {actions.length > 0 ? (
            <CommandGroup heading="Actions">
              {actions.map((action) => (
                <CommandItem key={action.href} value={`action ${action.label} ${action.href}`} onSelect={() => go(action.href)}>
                  <PlusIcon aria-hidden />
                  <span>{action.label}</span>
                </CommandItem>
              ))}
            </CommandGroup>
          ) : null}
        </CommandList>
      </CommandDialog>
    </>
  );
}
