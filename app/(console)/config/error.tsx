"use client";

import { lazy, Suspense } from "react";

import type { ConfigRouteErrorProps } from "@/components/config/config-route-error";

const View = lazy(() => import("@/components/config/config-route-error"));

/** Anything /config did not handle itself; the digest matches the server log. */
export default function ConfigError(props: ConfigRouteErrorProps) {
  return (
    <Suspense>
      <View {...props} />
    </Suspense>
  );
}
