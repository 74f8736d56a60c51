import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { AuditUnavailable } from "@/components/audit/audit-unavailable";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { auditFilterSchema, listAuditEvents, type AuditPage as AuditResult } from "@/lib/audit/queries";
import { isDomainError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const filter = auditFilterSchema.parse(await searchParams);
  let result: AuditResult;
  try {
    result = await listAuditEvents(user, filter);
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") return <ForbiddenState message={error.message} />;
    // The console's database is down or unreachable: say so, never a 500.
    const errorId = randomUUID().slice(0, 8);
    logger.error("audit.read_failed", { errorId, error: (error as Error).message });
    return <AuditUnavailable errorId={errorId} />;
  }
  return <AuditLogView filter={filter} result={result} />;
}
