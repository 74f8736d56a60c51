"use client";

import { ErrorState } from "@/components/states/error-state";

export default function NewModelError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="The Add Model wizard could not be loaded"
      message="The console could not load the provider catalogue from LiteLLM. Try again; if it persists, quote the error id."
      errorId={error.digest}
      retry={reset}
    />
  );
}
