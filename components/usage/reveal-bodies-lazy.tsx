"use client";

import * as React from "react";

// The reveal form (and its server action) loads only on a request's detail, after first paint.
const RevealBodies = React.lazy(() => import("./reveal-bodies"));

export function RevealBodiesLazy(props: { requestId: string; startTime: string }) {
  return (
    <React.Suspense fallback={<p className="text-sm text-muted-foreground">Loading…</p>}>
      <RevealBodies {...props} />
    </React.Suspense>
  );
}
