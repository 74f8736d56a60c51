"use client";

import { deferredModule, useDeferredPopup } from "@/components/shell/deferred";

const loadThemeMenu = deferredModule(() => import("@/components/theme/theme-menu"));

export function ThemeMenuButton({ className, children }: { className: string; children: React.ReactNode }) {
  const { loaded, openedBy, triggerProps } = useDeferredPopup(loadThemeMenu, "menu");
  if (loaded && openedBy) {
    return (
      <loaded.ThemeMenu triggerClassName={className} openedBy={openedBy}>
        {children}
      </loaded.ThemeMenu>
    );
  }
  return (
    <button type="button" aria-label="Theme" title="Theme" className={className} data-slot="button" {...triggerProps}>
      {children}
    </button>
  );
}
