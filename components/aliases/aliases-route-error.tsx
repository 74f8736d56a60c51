"use client";

import { ErrorState } from "@/components/states/error-state";

export type AliasesRouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/** The /aliases error view, loaded by its error boundary only when the page fails. */
export default function AliasesRouteError({ error, reset }: AliasesRouteErrorProps) {
  return (
    <ErrorState
      title="Consumer aliases could not be loaded"
      message="The console could not read its registry."
      errorId={error.digest}
      retry={reset}
    />
  );
}
