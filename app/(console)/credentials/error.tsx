"use client";

import { ErrorState } from "@/components/states/error-state";

export default function CredentialsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="Could not show the credentials"
      message="The console hit an unexpected error while loading this page. Try again; if it persists, quote the error id."
      errorId={error.digest}
      retry={reset}
    />
  );
}
