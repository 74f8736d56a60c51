"use client";

import * as React from "react";

import { deferredModule, useDeferredPopup } from "@/components/shell/deferred";
import type { NavIconName, NavItem } from "@/components/shell/types";

const loadSheet = deferredModule(() => import("@/components/shell/mobile-nav-sheet"));

/** The "Open navigation" button of small screens; the Radix sheet loads on first use. */
export function MobileNav({
  nav,
  icons,
  className,
  children,
}: {
  nav: NavItem[];
  icons: Partial<Record<NavIconName, React.ReactNode>>;
  className: string;
  children: React.ReactNode;
}) {
  const { loaded, triggerProps } = useDeferredPopup(loadSheet, "dialog");
  if (loaded) {
    return (
      <loaded.MobileNavSheet nav={nav} icons={icons} triggerClassName={className}>
        {children}
      </loaded.MobileNavSheet>
    );
  }
  return (
    <button type="button" aria-label="Open navigation" className={className} data-slot="button" {...triggerProps}>
      {children}
    </button>
  );
}
