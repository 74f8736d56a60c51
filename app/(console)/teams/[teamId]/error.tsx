"use client";

import { ErrorState } from "@/components/states/error-state";

export default function TeamsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="Teams could not be loaded" message="LiteLLM did not answer as expected. Check the connection status in the header." errorId={error.digest} retry={reset} />;
}
