"use client";

import type { CredentialProviderOption, CredentialRow } from "@/lib/credentials/service";

import { CredentialDeleteDialog } from "./credential-delete-dialog";
import { CredentialRotateDialog } from "./credential-rotate-dialog";

/** Rotate and Delete for one credential row; loaded after the page hydrates. */
export default function CredentialRowActions({
  credential,
  providers,
}: {
  credential: CredentialRow;
  providers: CredentialProviderOption[];
}) {
  return (
    <>
      <CredentialRotateDialog credential={credential} providers={providers} />
      <CredentialDeleteDialog credential={credential} />
    </>
  );
}
