"use client";

import * as React from "react";

import { SidebarNav } from "@/components/shell/sidebar-nav";
import type { NavIconName, NavItem } from "@/components/shell/types";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";

/** Loaded on first use of the mobile-nav trigger; mounts open, then behaves as a plain Radix sheet. */
export function MobileNavSheet({
  nav,
  icons,
  triggerClassName,
  children,
}: {
  nav: NavItem[];
  icons: Partial<Record<NavIconName, React.ReactNode>>;
  triggerClassName: string;
  children: React.ReactNode;
}) {
  const [open, setOpen] = React.useState(true);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <button type="button" aria-label="Open navigation" className={triggerClassName} data-slot="button">
          {children}
        </button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 bg-sidebar p-0 text-sidebar-foreground">
        <SheetHeader className="border-b border-sidebar-border">
          <SheetTitle>Navigation</SheetTitle>
          <SheetDescription className="sr-only">Pages of the Gatehouse console</SheetDescription>
        </SheetHeader>
        <SidebarNav items={nav} icons={icons} onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
