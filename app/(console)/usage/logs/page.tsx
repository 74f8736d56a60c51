import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { ForbiddenState } from "@/components/states/forbidden-state";
import { RequestDetail, RequestLogFilters, RequestLogTable } from "@/components/usage/request-log-view";
import { UsageUnavailable } from "@/components/usage/usage-unavailable";
import { UsagePageHeader } from "@/components/usage/usage-page-header";
import { currentUser } from "@/lib/auth";
import { isAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { listRequestLogs, type RequestLogPage } from "@/lib/usage/logs";
import { flatParams } from "@/lib/usage/params";
import { parseRequestLogQuery } from "@/lib/usage/schemas";
import { UsageUnavailableError } from "@/lib/usage/service";
import { operatorTimeZone } from "@/lib/usage/zone";

export const metadata: Metadata = { title: "Request log" };

export default async function RequestLogPageRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const raw = flatParams(await searchParams);
  const parsedRaw = parseRequestLogQuery(raw);
  const tz = await operatorTimeZone(parsedRaw.query.tz);
  const parsed = { ...parsedRaw, query: { ...parsedRaw.query, tz } };
  const page: RequestLogPage | DomainError | null = parsed.ok
    ? await listRequestLogs({ ctx: { user }, query: parsed.query }).catch((error: unknown) => {
        if (error instanceof DomainError && (error instanceof UsageUnavailableError || error.code === "forbidden")) return error;
        throw error;
      })
    : null;
  const errors = parsed.ok ? {} : parsed.fieldErrors;
  const detail = page && !(page instanceof DomainError) && parsed.query.request ? page.rows.find((r) => r.requestId === parsed.query.request) : undefined;
  return (
    <div className="grid gap-6">
      <UsagePageHeader active="/usage/logs" tz={tz} description="Every request LiteLLM logged: who called which model, what it cost, and whether it failed." />
      <RequestLogFilters raw={raw} query={parsed.query} errors={errors} teamChoices={page && !(page instanceof DomainError) ? page.teamChoices : null} />
      {!parsed.ok ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
          Some filters need attention: {Object.values(errors).flat().join(" ")}
        </p>
      ) : page instanceof UsageUnavailableError ? (
        <UsageUnavailable kind={page.kind} message={page.message} />
      ) : page instanceof DomainError ? (
        <ForbiddenState message={page.message} />
      ) : page ? (
        <>
          {detail ? <RequestDetail row={detail} canReveal={isAdmin(user)} /> : null}
          <RequestLogTable page={page} query={parsed.query} />
        </>
      ) : null}
    </div>
  );
}
