import Link from "next/link";
import { CircleAlertIcon, KeyRoundIcon, PlusIcon, RotateCwIcon, Trash2Icon } from "lucide-react";

import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CredentialsPage } from "@/lib/credentials/service";

import { CredentialsIsland } from "@/app/(console)/credentials/error";

/** Disabled stand-in for "New credential" until its dialog has loaded. */
function CreateButton({ providers }: { providers: CredentialsPage["providers"] }) {
  return (
    <CredentialsIsland view="create" providers={providers}>
      <Button disabled>
        <PlusIcon aria-hidden /> New credential
      </Button>
    </CredentialsIsland>
  );
}

export function CredentialsHeader({ canEdit, providers }: { canEdit: boolean; providers: CredentialsPage["providers"] }) {
  return (
    <PageHeader
      title="Credentials"
      description="Provider secrets stored in LiteLLM and shared by deployments by name. Values are never shown, only which fields are set."
      actions={canEdit && providers.length > 0 ? <CreateButton providers={providers} /> : null}
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
          action={canEdit ? <CreateButton providers={page.providers} /> : null}
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
                      <CredentialsIsland view="row" credential={c} providers={page.providers}>
                        <Button variant="outline" size="sm" aria-label={`Rotate ${c.name}`} disabled>
                          <RotateCwIcon aria-hidden /> Rotate
                        </Button>
                        <Button variant="ghost" size="sm" aria-label={`Delete ${c.name}`} disabled>
                          <Trash2Icon aria-hidden /> Delete
                        </Button>
                      </CredentialsIsland>
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

/**
 * LiteLLM did not answer: the message, server-rendered with ErrorState's markup, then the same state with a retry
 * button once its code has loaded.
 */
export function CredentialsLoadErrorView({ title, message }: { title: string; message: string }) {
  return (
    <CredentialsIsland view="load-error" title={title} message={message}>
      <div
        data-slot="error-state"
        role="status"
        className="flex flex-col items-center justify-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-6 py-12 text-center"
      >
        <CircleAlertIcon className="size-8 text-destructive" aria-hidden />
        <div className="grid max-w-lg gap-1">
          <h2 className="text-base font-semibold">{title}</h2>
          <p className="text-sm text-muted-foreground">{message}</p>
        </div>
      </div>
    </CredentialsIsland>
  );
}
