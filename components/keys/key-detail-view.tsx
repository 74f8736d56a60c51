import * as React from "react";
import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/states/page-header";
import { SetBreadcrumbs } from "@/components/shell/breadcrumbs";
import { describeBudgetPeriod } from "@/lib/keys/expiry";
import type { KeyDetail } from "@/lib/keys/service";

import { KeyStatusBadges, ownerText, SpendBar } from "./key-badges";
import { KeysIsland } from "@/app/(console)/keys/error";
import { Timestamp } from "@/components/time/timestamp";
import { ServerCountdown } from "./server-time";

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-[12rem_1fr]">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function limit(n: number | null, unit: string): string {
  return n === null ? "no limit" : `${n.toLocaleString("en-US")} ${unit}`;
}

/** Server-rendered; the actions (and the times in the operator's zone) arrive with `KeysIsland` after hydration. */
export function KeyDetailView({ detail, fromNotice = false }: { detail: KeyDetail; fromNotice?: boolean }) {
  const { key } = detail;
  const title = key.alias ?? key.keyName ?? "Virtual key";
  const stamp = [key.token, key.status, key.expires, key.budgetResetAt, key.createdAt, key.lastUsedAt].join("|");
  return (
    <div className="grid gap-6">
      <SetBreadcrumbs items={[{ label: "Virtual keys", href: "/keys" }, { label: title }]} />
      <PageHeader
        title={title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono">{key.keyName ?? "sk-…"}</code>
            <KeyStatusBadges keyView={key} />
          </span>
        }
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <Link
                href={`/keys/explain?token=${key.token}&model=${encodeURIComponent(key.models.find((m) => m !== "all-team-models" && !m.includes("*")) ?? "")}`}
              >
                Why denied?
              </Link>
            </Button>
            <KeysIsland
              view="detail"
              keyView={key}
              title={title}
              canManage={detail.canManage}
              snippetModel={key.models.find((m) => m !== "all-team-models" && !m.includes("*")) ?? "gpt-4o-mini"}
              stamp={stamp}
            >
              {detail.canManage ? <KeyActionsPlaceholder blocked={key.status === "blocked"} /> : null}
            </KeysIsland>
          </>
        }
      />

      {detail.extension && (fromNotice || key.expiringSoon) ? (
        <Card className={fromNotice ? "border-amber-500/60" : undefined} data-testid="extend-card">
          <CardHeader>
            <CardTitle>
              <h2>{key.expiringSoon ? "This key expires soon" : "Extend this key"}</h2>
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm">
            {key.expires ? (
              <p>
                Expires <Timestamp iso={key.expires} />.{" "}
                {detail.extension.days > 0 && "newExpiry" in detail.extension ? (
                  <>
                    One click moves it to <Timestamp iso={detail.extension.newExpiry} testId="extend-new-expiry" />, within the team&apos;s policy.
                  </>
                ) : null}
              </p>
            ) : null}
            {detail.extension.days > 0 ? (
              <KeysIsland view="extend" token={key.token} days={detail.extension.days}>
                <div>
                  <Button type="button" disabled>
                    Extend by {detail.extension.days} days
                  </Button>
                </div>
              </KeysIsland>
            ) : (
              <p data-testid="extend-refused">{"reason" in detail.extension ? detail.extension.reason : null}</p>
            )}
          </CardContent>
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Budget and limits</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <SpendBar keyView={key} />
            <dl className="mt-4 divide-y">
              <Field label="Max budget" testId="key-max-budget">
                {key.maxBudget === null ? "No budget" : `${key.maxBudget} USD, ${describeBudgetPeriod(key.budgetDuration)}`}
              </Field>
              <Field label="Budget resets">
                {key.budgetResetAt ? (
                  <Timestamp iso={key.budgetResetAt} testId="key-budget-reset" />
                ) : key.budgetDuration ? (
                  "Not scheduled yet"
                ) : (
                  "Never (lifetime budget)"
                )}
              </Field>
              <Field label="Rate limits" testId="key-limits">
                {limit(key.rpmLimit, "requests/min")} · {limit(key.tpmLimit, "tokens/min")} · {limit(key.maxParallelRequests, "parallel")}
              </Field>
              <Field label="Models" testId="key-models">
                {key.models.length ? (
                  <span className="flex flex-wrap gap-1">
                    {key.models.map((m) => (
                      <Badge key={m} variant="secondary" className="font-mono">
                        {m}
                      </Badge>
                    ))}
                  </span>
                ) : (
                  "Every model its owner may use"
                )}
              </Field>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Lifetime and ownership</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="divide-y">
              <Field label="Expires">
                {key.expires ? (
                  <span className="grid gap-0.5">
                    <Timestamp iso={key.expires} testId="key-expires" className="font-medium" />
                    <ServerCountdown iso={key.expires} className="text-xs text-muted-foreground" />
                  </span>
                ) : (
                  <span data-testid="key-expires-never">Never</span>
                )}
              </Field>
              <Field label="Owner" testId="key-owner">
                {ownerText(key)}
              </Field>
              <Field label="Team">
                {key.teamId ? `${key.teamName ?? key.teamId}${key.teamName && key.teamName !== key.teamId ? ` (${key.teamId})` : ""}` : "—"}
              </Field>
              <Field label="Created">
                {key.createdAt ? <Timestamp iso={key.createdAt} /> : "—"}
                {key.createdBy ? ` by ${key.createdBy}` : ""}
                {key.createdVia === "gatehouse" ? " through Gatehouse" : ""}
              </Field>
              <Field label="Last used">{key.lastUsedAt ? <Timestamp iso={key.lastUsedAt} /> : "LiteLLM has not reported a use"}</Field>
              {key.tags.length ? <Field label="Tags">{key.tags.join(", ")}</Field> : null}
              {Object.keys(key.metadata).length ? (
                <Field label="Metadata">
                  <code className="font-mono text-xs">{JSON.stringify(key.metadata)}</code>
                </Field>
              ) : null}
              <Field label="Key id (token hash)">
                <code className="font-mono text-xs break-all">{key.token}</code>
              </Field>
            </dl>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

/** The action buttons as they look before their code has loaded (disabled). */
function KeyActionsPlaceholder({ blocked }: { blocked: boolean }) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="outline" disabled>
        Edit
      </Button>
      <Button variant="outline" disabled>
        {blocked ? "Unblock" : "Block"}
      </Button>
      <Button variant="outline" disabled>
        Regenerate
      </Button>
      <Button variant="destructive" disabled>
        Delete
      </Button>
    </div>
  );
}
