"use client";

import * as React from "react";

/** Caches one dynamic import (call it to preload); a failed one (offline) is retried on the next call. */
export function deferredModule<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
}

export type OpenedBy = "pointer" | "keyboard";

/**
 * A light, server-rendered trigger standing in for a Radix menu or dialog until its code is needed.
 * Hover or focus preloads the code; pressing the trigger loads it and records how it was opened, and
 * the caller then renders the loaded component already open. A menu opens like Radix's trigger
 * (pointerdown, Enter, Space, ArrowDown), a dialog on click; a click without a pointer (screen-reader
 * activation) opens either.
 */
export function useDeferredPopup<T>(load: () => Promise<T>, kind: "menu" | "dialog") {
  const [loaded, setLoaded] = React.useState<T | null>(null);
  const [openedBy, setOpenedBy] = React.useState<OpenedBy | null>(null);

  const preload = React.useCallback(() => {
    load().catch(() => {});
  }, [load]);

  const open = React.useCallback(
    (via: OpenedBy) => {
      setOpenedBy((current) => current ?? via);
      load().then(
        (module) => setLoaded(() => module),
        () => setOpenedBy(null),
      );
    },
    [load],
  );

  const triggerProps = {
    "aria-haspopup": kind,
    "aria-expanded": false,
    "data-state": "closed",
    onPointerEnter: preload,
    onFocus: preload,
    onPointerDown(event: React.PointerEvent) {
      if (kind === "menu" && event.button === 0 && !event.ctrlKey) open("pointer");
      else preload();
    },
    onKeyDown(event: React.KeyboardEvent) {
      if (kind === "menu" && (event.key === "Enter" || event.key === " " || event.key === "ArrowDown")) {
        event.preventDefault();
        open("keyboard");
      }
    },
    onClick(event: React.MouseEvent) {
      if (kind === "dialog" || event.detail === 0) open(event.detail === 0 ? "keyboard" : "pointer");
    },
  } as const;

  return { loaded, openedBy, triggerProps };
}

/**
 * For a menu opened from the keyboard before its code was loaded: focus its first item once it is on
 * screen, as Radix does when it sees the key press itself (its keyboard tracking was not mounted yet).
 */
export function useFocusFirstItemOnMount(menu: React.RefObject<HTMLElement | null>, enabled: boolean): void {
  React.useEffect(() => {
    if (!enabled) return;
    // After Radix's own mount focus (on the menu itself).
    const frame = requestAnimationFrame(() => {
      menu.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([data-disabled])')?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [menu, enabled]);
}
