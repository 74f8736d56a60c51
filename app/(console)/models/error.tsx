"use client";

import { ErrorState } from "@/components/states/error-state";

/** Anything the page did not handle itself; the digest matches the server log. */
export default function ModelsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="Could not show the models"
      message="The console hit an unexpected error while loading this page. Try again; if it persists, quote the error id."
      errorId={error.digest}
      retry={reset}
    />
  );
}
