"use client";

import { ErrorState } from "@/components/states/error-state";

/** LiteLLM unreachable or answering nonsense: say so, with the error id the server logged. */
export default function KeysError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="Could not load virtual keys"
      message="Gatehouse could not read the keys from LiteLLM. Check the connection status in the header, then try again."
      errorId={error.digest}
      retry={reset}
    />
  );
}
