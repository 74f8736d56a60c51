"use client";

import * as React from "react";
import type { ToasterProps } from "sonner";

import { useTheme } from "@/components/theme/theme-provider";
import { getToasterState, loadedSonner, registerToasterHost, requestToaster, subscribeToasterState } from "@/components/ui/toast";

export { toast } from "@/components/ui/toast";

// Time for screen readers to pick up the (empty) live region before queued toasts are put in it.
const LIVE_REGION_SETTLE_MS = 150;
// Sonner is fetched once the page is idle (or on the first toast): never part of first-load JS.
const IDLE_LOAD_TIMEOUT_MS = 4000;

/**
 * Sonner wired to the app theme and tokens; mount once in the root layout. Renders nothing until sonner
 * is loaded lazily, then sonner's Toaster; `toast` from "@/components/ui/toast" queues until then.
 */
function Toaster(props: ToasterProps) {
  const { resolvedTheme } = useTheme();
  const state = React.useSyncExternalStore(subscribeToasterState, getToasterState, () => "idle" as const);
  const host = React.useRef<ReturnType<typeof registerToasterHost> | null>(null);

  React.useEffect(() => {
    const registration = registerToasterHost();
    host.current = registration;
    let cancelIdle: () => void;
    if (typeof window.requestIdleCallback === "function") {
      const id = window.requestIdleCallback(() => requestToaster(), { timeout: IDLE_LOAD_TIMEOUT_MS });
      cancelIdle = () => window.cancelIdleCallback(id);
    } else {
      const id = window.setTimeout(() => requestToaster(), 1500);
      cancelIdle = () => window.clearTimeout(id);
    }
    return () => {
      cancelIdle();
      registration.unregister();
      host.current = null;
    };
  }, []);

  const loaded = state === "loaded";
  React.useEffect(() => {
    if (!loaded) return;
    const timer = window.setTimeout(() => host.current?.ready(), LIVE_REGION_SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [loaded]);

  const Sonner = loaded ? loadedSonner()?.Toaster : undefined;
  if (!Sonner) return null;
  return (
    <Sonner
      theme={resolvedTheme}
      className="toaster group"
      closeButton
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
        } as React.CSSProperties
      }
      toastOptions={{
        classNames: {
          description: "!text-muted-foreground",
        },
      }}
      {...props}
    />
  );
}

export { Toaster };
