"use client";

import { ErrorState } from "@/components/states/error-state";

export default function AliasesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="Consumer aliases could not be loaded"
      message="The console could not read its registry."
      errorId={error.digest}
      retry={reset}
    />
  );
}
