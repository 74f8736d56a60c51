"use client";

import { ErrorState } from "@/components/states/error-state";

export type TeamsRouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/** The teams routes' error view, loaded by their error boundary only when a page fails. */
export default function TeamsRouteError({ error, reset }: TeamsRouteErrorProps) {
  return (
    <ErrorState
      title="Teams could not be loaded"
      message="LiteLLM did not answer as expected. Check the connection status in the header."
      errorId={error.digest}
      retry={reset}
    />
  );
}
