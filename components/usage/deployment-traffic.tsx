import { Suspense } from "react";
import Link from "next/link";

import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SessionUser } from "@/lib/auth/types";
import { getDeploymentTraffic } from "@/lib/usage/deployments";
import { UsageUnavailableError } from "@/lib/usage/service";
import { int, pct, usd } from "./format";
import { ScopedUsageSection } from "./scoped-usage";
import { UsageUnavailable } from "./usage-unavailable";

async function Traffic({ user, modelGroup, deployments }: { user: SessionUser; modelGroup: string; deployments: { id: string; label: string }[] }) {
  const result = await getDeploymentTraffic({ ctx: { user }, modelGroup, deploymentIds: deployments.map((d) => d.id) }).catch((error: unknown) => {
    if (error instanceof UsageUnavailableError) return error;
    throw error;
  });
  if (result instanceof UsageUnavailableError) return <UsageUnavailable kind={result.kind} message={result.message} />;
  const label = new Map(deployments.map((d) => [d.id, d.label]));
  return (
    <Table>
      <TableCaption>
        Requests per deployment of {modelGroup}, last {result.windowHours} hours
        {result.sampled ? ` — partial: counted the newest ${int(result.counted)} of ${int(result.total)} requests` : ` (${int(result.total)} requests)`}
      </TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Deployment</TableHead>
          <TableHead scope="col" className="text-right">
            Requests
          </TableHead>
          <TableHead scope="col" className="text-right">
            Failures
          </TableHead>
          <TableHead scope="col" className="text-right">
            Failure rate
          </TableHead>
          <TableHead scope="col" className="text-right">
            Spend
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {result.rows.map((r) => (
          <TableRow key={r.deploymentId}>
            <TableCell className="font-mono text-xs">
              {label.has(r.deploymentId) ? <Link href={`/models/${encodeURIComponent(r.deploymentId)}`}>{label.get(r.deploymentId)}</Link> : r.deploymentId}
            </TableCell>
            <TableCell className="text-right tabular-nums">{int(r.requests)}</TableCell>
            <TableCell className="text-right tabular-nums">{int(r.failures)}</TableCell>
            <TableCell className="text-right tabular-nums">{pct(r.failureRate)}</TableCell>
            <TableCell className="text-right tabular-nums">{usd(r.spend)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The model page's usage: traffic and failure rate per deployment of the group, then the group's usage by key. */
export function ModelUsageSection({ user, modelGroup, deployments }: { user: SessionUser; modelGroup: string; deployments: { id: string; label: string }[] }) {
  return (
    <div className="grid gap-6">
      <section aria-labelledby="deployment-traffic-title" className="grid gap-2">
        <h2 id="deployment-traffic-title" className="text-lg font-semibold">
          Traffic per deployment
        </h2>
        <Suspense fallback={<div className="h-24 animate-pulse rounded-lg bg-muted" role="status" aria-label="Loading traffic" />}>
          <Traffic user={user} modelGroup={modelGroup} deployments={deployments} />
        </Suspense>
      </section>
      <ScopedUsageSection user={user} filters={{ model: modelGroup }} groupBy="key" title={`Usage of ${modelGroup} (last 30 days)`} />
    </div>
  );
}
