import Link from "next/link";
import { LockIcon, PencilIcon, PlugZapIcon, RefreshCwIcon, Trash2Icon } from "lucide-react";

import { VerificationBadge, type VerificationBadgeStatus } from "@/components/aliases/verification-badge";
import { SetBreadcrumbs } from "@/components/shell/breadcrumbs";
import { PageHeader } from "@/components/states/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Timestamp } from "@/components/time/timestamp";
import type { ModelDetail } from "@/lib/models/service";

import { HealthBadge, ModeBadge, ProviderBadge, SourceBadge } from "./model-badges";
import { ModelAction } from "./model-detail-actions";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-[12rem_1fr]">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** model_info keys worth a line of their own; the rest is LiteLLM's cost-map detail. */
const INFO_ROWS: [string, string][] = [
  ["base_model", "Base model"],
  ["max_input_tokens", "Max input tokens"],
  ["max_output_tokens", "Max output tokens"],
  ["input_cost_per_token", "Input cost per token"],
  ["output_cost_per_token", "Output cost per token"],
  ["output_vector_size", "Embedding dimension"],
  ["team_id", "Team"],
  ["access_groups", "Access groups"],
  ["created_at", "Created"],
  ["created_by", "Created by"],
  ["updated_at", "Updated"],
  ["updated_by", "Updated by"],
];

export function ModelDetailView({
  detail,
  canEdit,
  testTimeoutSeconds,
}: {
  detail: ModelDetail;
  canEdit: boolean;
  testTimeoutSeconds: number;
}) {
  const { row } = detail;
  const paramEntries = Object.entries(detail.params).filter(([, v]) => v !== null && v !== undefined);
  const status = (detail.verification?.status ?? null) as VerificationBadgeStatus;
  const verifyLabel = detail.verification ? "Verify again" : "Verify dimension";
  return (
    <div className="grid gap-6">
      <SetBreadcrumbs items={[{ label: "Models", href: "/models" }, { label: row.alias }]} />
      <PageHeader
        title={row.alias}
        description={
          <span>
            Deployment <code className="font-mono">{row.id}</code> · {row.upstreamModel}
          </span>
        }
        actions={
          <div className="flex gap-2">
            {canEdit && (row.mode === "chat" || row.mode === "embedding") ? (
              <Button asChild variant="outline">
                <Link href={`/playground?model=${encodeURIComponent(row.alias)}`}>Try it</Link>
              </Button>
            ) : null}
            {canEdit && detail.editable ? (
              <>
                <ModelAction
                  kind="edit"
                  props={{ defaults: detail.defaults, costMapDimension: detail.costMapDimension, isTeamModel: Boolean(detail.teamId) }}
                >
                  <Button type="button" variant="outline" aria-haspopup="dialog" aria-expanded={false} data-state="closed">
                    <PencilIcon aria-hidden /> Edit
                  </Button>
                </ModelAction>
                <ModelAction kind="delete" props={{ id: row.id, alias: row.alias }}>
                  <Button type="button" variant="destructive" aria-haspopup="dialog" aria-expanded={false} data-state="closed">
                    <Trash2Icon aria-hidden /> Delete
                  </Button>
                </ModelAction>
              </>
            ) : null}
          </div>
        }
      />
      <div className="flex flex-wrap items-center gap-2" aria-label="Badges">
        <ModeBadge mode={row.mode} />
        <ProviderBadge provider={row.provider} />
        <SourceBadge source={row.source} />
        <HealthBadge health={row.health} />
      </div>
      {detail.readOnlyReason ? (
        <Alert variant="warning">
          <LockIcon aria-hidden />
          <AlertTitle>Read-only</AlertTitle>
          <AlertDescription>
            <p>{detail.readOnlyReason}</p>
            <p>LiteLLM refuses to edit or delete deployments it loaded from its config file.</p>
          </AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Settings (litellm_params)</h2>
            </CardTitle>
            <CardDescription>Secrets are masked; LiteLLM never returns api_key.</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="divide-y" data-testid="model-params">
              {paramEntries.map(([k, v]) => (
                <Row key={k} label={k}>
                  <code className="font-mono text-xs">{show(v)}</code>
                </Row>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Model info</h2>
            </CardTitle>
            <CardDescription>As LiteLLM reports it, with its cost map merged in.</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="divide-y">
              <Row label="Mode">{show(row.mode)}</Row>
              <Row label="Provider">{row.provider}</Row>
              {INFO_ROWS.filter(([k]) => detail.info[k] !== null && detail.info[k] !== undefined).map(([k, label]) => (
                <Row key={k} label={label}>
                  {show(detail.info[k])}
                </Row>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Credential</h2>
            </CardTitle>
            <CardDescription>Where this deployment&apos;s provider secrets come from.</CardDescription>
          </CardHeader>
          <CardContent className="text-sm">
            {detail.credential ? (
              <dl className="divide-y">
                <Row label="Named credential">
                  <Link href="/credentials" className="font-mono underline-offset-4 hover:underline">
                    {detail.credential.name}
                  </Link>
                  {detail.credential.exists ? null : <span className="ml-2 text-destructive">(missing on LiteLLM)</span>}
                </Row>
                {detail.credential.provider ? <Row label="Provider">{detail.credential.provider}</Row> : null}
                {detail.credential.description ? <Row label="Description">{detail.credential.description}</Row> : null}
              </dl>
            ) : (
              <p className="text-muted-foreground">
                Inline: the secrets are stored on the deployment itself (masked above; api_key is never returned).
              </p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Load-balancing group</h2>
            </CardTitle>
            <CardDescription>Every deployment serving {row.alias}; LiteLLM balances requests across them.</CardDescription>
          </CardHeader>
          <CardContent>
            {/* A list, not a table: a table would scroll sideways inside this card, out of keyboard reach. */}
            <ul className="grid gap-2" data-testid="group-members" aria-label={`Deployments of ${row.alias}`}>
              {detail.group.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-2 rounded-md border p-2">
                  {m.id === row.id ? (
                    <span className="font-mono text-xs break-all">
                      {m.upstreamModel} <span className="text-muted-foreground">(this one)</span>
                    </span>
                  ) : (
                    <Link
                      href={`/models/${encodeURIComponent(m.id)}`}
                      className="font-mono text-xs break-all underline-offset-4 hover:underline"
                    >
                      {m.upstreamModel || m.id}
                    </Link>
                  )}
                  <span className="ml-auto flex flex-wrap gap-1">
                    <ProviderBadge provider={m.provider} />
                    <SourceBadge source={m.source} />
                    <HealthBadge health={m.health} />
                  </span>
                </li>
              ))}
            </ul>
            {detail.groupTruncated ? <p className="mt-2 text-xs text-muted-foreground">Showing the first 200 matches.</p> : null}
          </CardContent>
        </Card>
        {canEdit ? (
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Test Connect</h2>
              </CardTitle>
              <CardDescription>Asks LiteLLM to call the provider with this deployment&apos;s stored settings.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              <p className="text-sm" data-testid="last-test-connect">
                {detail.connectionCheck ? (
                  <>
                    {`Last Test Connect: ${detail.connectionCheck.status === "success" ? "connected" : "failed"} (${detail.connectionCheck.mode}, ${detail.connectionCheck.host}, ${detail.connectionCheck.latencyMs} ms) at `}
                    <Timestamp iso={detail.connectionCheck.checkedAt} style="short" />.
                  </>
                ) : (
                  "No Test Connect recorded for this deployment yet."
                )}
              </p>
              <ModelAction kind="test" props={{ modelId: row.id, timeoutSeconds: testTimeoutSeconds }}>
                {/* TestConnectPanel's idle state; the panel replaces it on the first press and starts the run. */}
                <div className="grid gap-4" data-testid="test-connect-panel">
                  <div className="flex flex-wrap items-center gap-3">
                    <Button type="button">
                      <PlugZapIcon aria-hidden />
                      Test connection
                    </Button>
                    <span className="text-sm text-muted-foreground">LiteLLM gives up after {testTimeoutSeconds} s.</span>
                  </div>
                  <div role="status" aria-live="polite" data-testid="test-connect-status" />
                </div>
              </ModelAction>
            </CardContent>
          </Card>
        ) : null}
        {row.mode === "embedding" ? (
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Embedding dimension</h2>
              </CardTitle>
              <CardDescription>The vector length this deployment really returns, measured through LiteLLM.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-wrap items-center gap-3">
              <VerificationBadge
                status={status}
                expected={detail.verification?.expected}
                actual={detail.verification?.actual}
                message={detail.verification?.message}
              />
              {detail.verification ? (
                <span className="text-xs text-muted-foreground">
                  checked <Timestamp iso={detail.verification.checkedAt} style="short" />
                </span>
              ) : null}
              {canEdit ? (
                <ModelAction kind="verify" props={{ modelId: row.id, label: verifyLabel }}>
                  <Button type="button" variant="outline" size="sm">
                    <RefreshCwIcon aria-hidden /> {verifyLabel}
                  </Button>
                </ModelAction>
              ) : null}
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
