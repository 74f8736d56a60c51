import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { isDomainError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const filter = auditFilterSchema.parse(await searchParams);
  let result: Awaited<ReturnType<typeof listAuditEvents>>;
  try {
    result = await listAuditEvents(user, filter);
  } catch (error) {
    if (isDomainError(error) && error.code === "forbidden") return <ForbiddenState message={error.message} />;
    throw error;
  }
  return <AuditLogView filter={filter} result={result} />;
}
