import "server-only";
import { getDb } from "@/lib/db";

import { verifyAuditChain } from "./chain";

export interface ChainCheck {
  ok: boolean;
  verified: number;
  legacy: number;
  head: string | null;
  firstBreak: { seq: string; id: string; createdAt: string; action: string; reason: string } | null;
}

/** The chain report in a form a client component can show (dates as ISO strings). */
export async function checkAuditChain(): Promise<ChainCheck> {
  const report = await verifyAuditChain(await getDb());
  return {
    ...report,
    firstBreak: report.firstBreak ? { ...report.firstBreak, createdAt: report.firstBreak.createdAt.toISOString() } : null,
  };
}
