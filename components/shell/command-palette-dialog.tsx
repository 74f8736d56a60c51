"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { PlusIcon } from "lucide-react";

import { NavIcon } from "@/components/shell/nav-icon";
import type { NavItem, QuickAction } from "@/components/shell/types";
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";

/** cmdk + Radix dialog: loaded on the palette's first open (see command-palette-button). */
export function CommandPaletteDialog({
  open,
  onOpenChange,
  nav,
  actions,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  nav: NavItem[];
  actions: QuickAction[];
}) {
  const router = useRouter();
  const go = React.useCallback(
    (href: string) => {
      onOpenChange(false);
      router.push(href);
    },
    [onOpenChange, router],
  );

  return (
    <CommandDialog open={open} onOpenChange={onOpenChange} title="Command palette">
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
  );
}
