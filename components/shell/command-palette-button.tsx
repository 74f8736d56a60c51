"use client";

import * as React from "react";

import { deferredModule } from "@/components/shell/deferred";
import type { NavItem, QuickAction } from "@/components/shell/types";

const loadDialog = deferredModule(() => import("@/components/shell/command-palette-dialog"));

type DialogModule = Awaited<ReturnType<typeof loadDialog>>;

/** The eager part of the palette: its button and the ⌘K / Ctrl+K listener. */
export function CommandPaletteButton({
  nav,
  actions,
  className,
  children,
}: {
  nav: NavItem[];
  actions: QuickAction[];
  className: string;
  children: React.ReactNode;
}) {
  const [open, setOpen] = React.useState(false);
  const [dialog, setDialog] = React.useState<DialogModule | null>(null);
  const openRef = React.useRef(false);
  // The dialog has no Radix trigger to return focus to, so it goes back to whatever had it before.
  const returnFocus = React.useRef<HTMLElement | null>(null);

  const change = React.useCallback((next: boolean) => {
    if (next && !openRef.current) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    openRef.current = next;
    setOpen(next);
    if (!next) return;
    loadDialog().then(
      (module) => setDialog(() => module),
      () => {
        openRef.current = false;
        setOpen(false);
      },
    );
  }, []);

  React.useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        change(!openRef.current);
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [change]);

  React.useEffect(() => {
    const target = returnFocus.current;
    if (open || !target) return;
    // Wait for Radix to finish closing (exit animation, then focus goes to its missing trigger: the body).
    const deadline = performance.now() + 2000;
    let frame = requestAnimationFrame(function check() {
      const active = document.activeElement;
      if (!active || active === document.body) {
        returnFocus.current = null;
        if (target.isConnected) target.focus();
      } else if (active.closest('[role="dialog"]') && performance.now() < deadline) {
        frame = requestAnimationFrame(check);
      } else {
        returnFocus.current = null;
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [open]);

  const preload = () => void loadDialog().catch(() => {});

  return (
    <>
      <button
        type="button"
        data-slot="button"
        onClick={() => change(true)}
        onPointerEnter={preload}
        onFocus={preload}
        aria-haspopup="dialog"
        aria-keyshortcuts="Meta+K Control+K"
        className={className}
      >
        {children}
      </button>
      {dialog ? <dialog.CommandPaletteDialog open={open} onOpenChange={change} nav={nav} actions={actions} /> : null}
    </>
  );
}
