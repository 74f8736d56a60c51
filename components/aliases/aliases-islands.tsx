"use client";

import * as React from "react";

// Everything interactive on /aliases (tabs, search, dialog triggers, import form) loads right after hydration.
// The bundler caches the import, so no deferredModule wrapper (its bytes would be on the first load).
const loadInteractive = () => import("./aliases-interactive-loader").then((m) => m.load());
type Interactive = Awaited<ReturnType<typeof loadInteractive>>;
type IslandName = Exclude<keyof Interactive, "default">;

/**
 * Shows the server-rendered `fallback` (an inert, aria-disabled look-alike) until the interactive layer has loaded,
 * then the named interactive component in its place; `children` stay mounted throughout.
 */
export function Island<N extends IslandName>({
  name,
  props,
  fallback,
  children,
}: {
  name: N;
  props: React.ComponentProps<Interactive[N]>;
  fallback?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const [loaded, setLoaded] = React.useState<Interactive | null>(null);
  React.useEffect(() => {
    loadInteractive().then(
      (module) => setLoaded(() => module),
      () => {},
    );
  }, []);
  const Component = loaded?.[name] as React.ComponentType<object> | undefined;
  return (
    <>
      {Component ? <Component {...(props as object)} /> : fallback}
      {children}
    </>
  );
}
