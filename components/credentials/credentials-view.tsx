import Link from "next/link";
import { KeyRoundIcon } from "lucide-react";

import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CredentialsPage } from "@/lib/credentials/service";

import { CredentialCreateDialog } from "./credential-create-dialog";
import { CredentialDeleteDialog } from "./credential-delete-dialog";
import { CredentialRotateDialog } from "./credential-rotate-dialog";

export function CredentialsHeader({ canEdit, providers }: { canEdit: boolean; providers: CredentialsPage["providers"] }) {
  return (
    <PageHeader
      title="Credentials"
      description="Provider secrets stored in LiteLLM and shared by deployments by name. Values are never shown, only which fields are set."
      actions={canEdit && providers.length > 0 ? <CredentialCreateDialog providers={providers} /> : null}
    />
  );
}

export function CredentialsView({ page, canEdit }: { page: CredentialsPage; canEdit: boolean }) {
  return (
    <div className="grid gap-6">
      <CredentialsHeader canEdit={canEdit} providers={page.providers} />
      {page.credentials.length === 0 ? (
        <EmptyState
          icon={<KeyRoundIcon aria-hidden />}
          title="No credentials yet"
          description="Create one to share a provider key between deployments and rotate it in one place."
          action={canEdit ? <CredentialCreateDialog providers={page.providers} /> : null}
        />
      ) : (
        <Table aria-label="Credentials">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Provider</TableHead>
              <TableHead>Description</TableHead>
              <TableHead>Values</TableHead>
              <TableHead>Used by</TableHead>
              {canEdit ? <TableHead className="sr-only sm:not-sr-only">Actions</TableHead> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.credentials.map((c) => (
              <TableRow key={c.name} data-testid="credential-row" data-name={c.name}>
                <TableCell className="font-mono text-sm">{c.name}</TableCell>
                <TableCell>{c.providerLabel ?? <span className="text-muted-foreground">unknown</span>}</TableCell>
                <TableCell className="max-w-64 text-sm whitespace-normal text-muted-foreground">{c.description ?? "–"}</TableCell>
                <TableCell>
                  {c.configuredFields.length === 0 ? (
                    <span className="text-sm text-muted-foreground">none</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1">
                      {c.configuredFields.map((f) => (
                        <li key={f}>
                          <Badge variant="secondary" className="font-mono">
                            {f}: •••• configured
                          </Badge>
                        </li>
                      ))}
                    </ul>
                  )}
                </TableCell>
                <TableCell className="text-sm">
                  {c.usedBy.length === 0 ? (
                    <span className="text-muted-foreground">0 models</span>
                  ) : (
                    <span title={c.usedBy.map((u) => u.alias).join(", ")}>
                      {c.usedBy.length} model{c.usedBy.length === 1 ? "" : "s"}:{" "}
                      {c.usedBy.slice(0, 3).map((u, i) => (
                        <span key={u.id}>
                          {i > 0 ? ", " : ""}
                          <Link href={`/models/${encodeURIComponent(u.id)}`} className="font-mono underline-offset-4 hover:underline">
                            {u.alias}
                          </Link>
                        </span>
                      ))}
                      {c.usedBy.length > 3 ? ` and ${c.usedBy.length - 3} more` : ""}
                    </span>
                  )}
                </TableCell>
                {canEdit ? (
                  <TableCell>
                    <div className="flex justify-end gap-1">
                      <CredentialRotateDialog credential={c} providers={page.providers} />
                      <CredentialDeleteDialog credential={c} />
                    </div>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
