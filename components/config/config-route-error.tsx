"use client";

import { ErrorState } from "@/components/states/error-state";

export type ConfigRouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/** The /config error view, loaded by its error boundary only when the page fails. */
export default function ConfigRouteError({ error, reset }: ConfigRouteErrorProps) {
  return <ErrorState title="Config as code could not be loaded" message="The console could not read LiteLLM or its own database." errorId={error.digest} retry={reset} />;
}
