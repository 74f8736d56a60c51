"use client";

import * as React from "react";

import type { CredentialProviderOption, CredentialRow } from "@/lib/credentials/service";

// Each part loads on its own, so the page fetches only the code it shows.
const CredentialCreateDialog = React.lazy(() =>
  import("./credential-create-dialog").then((module) => ({ default: module.CredentialCreateDialog })),
);
const CredentialRowActions = React.lazy(() => import("./credential-row-actions"));
const ModelsLoadError = React.lazy(() =>
  import("@/components/models/models-load-error").then((module) => ({ default: module.ModelsLoadError })),
);
const ErrorState = React.lazy(() => import("@/components/states/error-state").then((module) => ({ default: module.ErrorState })));

export type CredentialsLazyProps =
  | { view: "create"; providers: CredentialProviderOption[] }
  | { view: "row"; credential: CredentialRow; providers: CredentialProviderOption[] }
  | { view: "load-error"; title: string; message: string }
  | { view: "error"; digest?: string; reset: () => void };

/** The interactive parts of the credentials page, loaded by `CredentialsIsland`. */
export default function CredentialsLazy(props: CredentialsLazyProps) {
  switch (props.view) {
    case "create":
      return <CredentialCreateDialog providers={props.providers} />;
    case "row":
      return <CredentialRowActions credential={props.credential} providers={props.providers} />;
    case "load-error":
      return <ModelsLoadError title={props.title} message={props.message} />;
    case "error":
      return (
        <ErrorState
          title="Could not show the credentials"
          message="The console hit an unexpected error while loading this page. Try again; if it persists, quote the error id."
          errorId={props.digest}
          retry={props.reset}
        />
      );
  }
}
