import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { Database } from "@/lib/db";
import type { RawConnection } from "@/lib/db/migrate";

/**
 * The audit log's hash chain. One global chain, not one per replica: every append takes the same PostgreSQL
 * advisory lock (one process on PGlite), reads the last row's hash and links to it. A global order costs a few
 * milliseconds of serialisation per write — nothing at an admin console's write rate — and buys a verifier that
 * needs no knowledge of replicas: one walk in `seq` order, and any edited, removed or re-ordered row breaks the
 * next link. Per-replica streams would let a whole stream's tail vanish unnoticed when its replica is gone.
 */
export const GENESIS_HASH = "0".repeat(64);
const CHAIN_LOCK = "gatehouse.audit-chain";

export type AuditPhase = "intent" | "completion" | "event";

export interface AuditRowInput {
  phase: AuditPhase;
  actorProvider: string;
  actorUsername: string;
  action: string;
  targetType: string;
  targetId: string | null;
  teamId: string | null;
  outcome: string;
  outcomeDetail: string | null;
  intentId: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  /** Already redacted; stored and hashed as canonical JSON. */
  details: Record<string, unknown>;
}

export interface ChainedRow extends AuditRowInput {
  id: string;
  seq: string;
  createdAt: Date;
  prevHash: string | null;
  hash: string | null;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Every stored field but the hash, in the order the hash covers them: [row key, column, SQL cast on insert]. */
const FIELDS = [
  ["seq", "seq", "::integer"],
  ["id", "id", "::uuid"],
  ["createdAt", "created_at", "::timestamptz"],
  ["phase", "phase", ""],
  ["actorProvider", "actor_provider", ""],
  ["actorUsername", "actor_username", ""],
  ["action", "action", ""],
  ["targetType", "target_type", ""],
  ["targetId", "target_id", ""],
  ["teamId", "team_id", ""],
  ["outcome", "outcome", ""],
  ["outcomeDetail", "outcome_detail", ""],
  ["intentId", "intent_id", "::uuid"],
  ["requestId", "request_id", ""],
  ["clientIp", "client_ip", ""],
  ["userAgent", "user_agent", ""],
  ["details", "details", "::jsonb"],
  ["prevHash", "prev_hash", ""],
] as const satisfies ReadonlyArray<readonly [keyof ChainedRow, string, string]>;

function fieldValue(row: Omit<ChainedRow, "hash">, key: (typeof FIELDS)[number][0]): unknown {
  return key === "createdAt" ? row.createdAt.toISOString() : row[key];
}

/** sha256 over every stored field of the row and the previous row's hash. */
export function rowHash(row: Omit<ChainedRow, "hash">): string {
  const material = canonicalJson(["gatehouse-audit-v1", ...FIELDS.map(([key]) => fieldValue(row, key))]);
  return createHash("sha256").update(material).digest("hex");
}

// seq and intent_id as text: read back exactly as they were hashed.
const COLUMNS = [...FIELDS.map(([key, column]) => `i.${column}${key === "seq" || key === "intentId" ? "::text" : ""} AS "${key}"`), `i.hash`].join(", ");

/** Rows of audit_events (aliased `i` in `where`) in `seq` order, as the chain sees them. */
export async function selectAuditRows(db: Database, where: string, params: unknown[], limit: number): Promise<ChainedRow[]> {
  const rows = await db.raw.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM audit_events i WHERE ${where} ORDER BY i.seq LIMIT ${Math.floor(limit)}`, params);
  return rows.map(normalise);
}

function normalise(row: Record<string, unknown>): ChainedRow {
  const details = typeof row.details === "string" ? JSON.parse(row.details) : row.details;
  return { ...(row as unknown as ChainedRow), createdAt: new Date(row.createdAt as string | Date), details: (details ?? {}) as Record<string, unknown> };
}

async function appendWith(connection: RawConnection, kind: Database["kind"], input: AuditRowInput, onlyIfPending: boolean): Promise<ChainedRow | null> {
  // PGlite: its transaction already owns the only connection. PostgreSQL: one chain across every replica.
  if (kind === "postgres") await connection.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [CHAIN_LOCK]);
  // Under the chain lock, so two writers (a late completion, the reconciler) can never both complete one intent.
  if (onlyIfPending && input.intentId) {
    const [done] = await connection.query(`SELECT 1 FROM audit_events WHERE intent_id = $1::uuid LIMIT 1`, [input.intentId]);
    if (done) return null;
  }
  const [last] = await connection.query<{ hash: string | null }>(`SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1`);
  const [next] = await connection.query<{ seq: string }>(`SELECT nextval(pg_get_serial_sequence('audit_events', 'seq'))::text AS seq`);
  if (!next) throw new Error("the audit sequence did not answer");
  // Stored exactly as hashed: the JSON round trip drops undefined and turns dates into strings first.
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  const row: Omit<ChainedRow, "hash"> = {
    ...input,
    details,
    id: randomUUID(),
    seq: String(next.seq),
    createdAt: new Date(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = rowHash(row);
  const values = FIELDS.map(([key]) => (key === "details" ? JSON.stringify(details) : fieldValue(row, key)));
  await connection.query(
    `INSERT INTO audit_events (${FIELDS.map(([, column]) => column).join(", ")}, hash)
     VALUES (${FIELDS.map(([, , cast], i) => `$${i + 1}${cast}`).join(", ")}, $${FIELDS.length + 1})`,
    [...values, hash],
  );
  return { ...row, hash };
}

/** Appends one row to the chain; throws when the database cannot take it (callers decide whether to fail closed). */
export async function appendAuditRow(db: Database, input: AuditRowInput): Promise<ChainedRow> {
  return (await db.transaction((connection) => appendWith(connection, db.kind, input, false)))!;
}

/** Appends a completion unless its intent already has one; null when it had (someone else completed it first). */
export async function appendCompletionOnce(db: Database, input: AuditRowInput): Promise<ChainedRow | null> {
  return db.transaction((connection) => appendWith(connection, db.kind, input, true));
}

export interface ChainBreak {
  seq: string;
  id: string;
  createdAt: Date;
  action: string;
  reason: string;
}

export interface ChainReport {
  ok: boolean;
  /** Rows checked against the chain. */
  verified: number;
  /** Rows written before the chain existed (no hash), all before the first chained row. */
  legacy: number;
  /** The last verified hash: publish it elsewhere to make a rewrite of the whole table detectable too. */
  head: string | null;
  firstBreak: ChainBreak | null;
}

/** Pure check of rows in `seq` order; stops at the first broken link. */
export function checkChain(rows: Iterable<ChainedRow>, start: { prevHash: string | null; legacy: number; verified: number } = { prevHash: null, legacy: 0, verified: 0 }) {
  let { prevHash, legacy, verified } = start;
  for (const row of rows) {
    const broken = (reason: string): ChainBreak => ({ seq: row.seq, id: row.id, createdAt: row.createdAt, action: row.action, reason });
    if (row.hash === null || row.hash === undefined) {
      if (prevHash === null) {
        legacy++;
        continue;
      }
      return { prevHash, legacy, verified, firstBreak: broken("the row has no hash although the chain had started (inserted around the console)") };
    }
    const expectedPrev = prevHash ?? GENESIS_HASH;
    if (row.prevHash !== expectedPrev) {
      return { prevHash, legacy, verified, firstBreak: broken("the row does not link to the row before it (a row was removed, inserted or re-ordered)") };
    }
    if (rowHash(row) !== row.hash) {
      return { prevHash, legacy, verified, firstBreak: broken("the row's content does not match its hash (it was changed after it was written)") };
    }
    prevHash = row.hash;
    verified++;
  }
  return { prevHash, legacy, verified, firstBreak: null as ChainBreak | null };
}

/** Walks the whole table in `seq` order, 1,000 rows at a time, and reports the first broken link. */
export async function verifyAuditChain(db: Database): Promise<ChainReport> {
  let state: { prevHash: string | null; legacy: number; verified: number } = { prevHash: null, legacy: 0, verified: 0 };
  let after = "-1";
  for (;;) {
    const rows = await selectAuditRows(db, "i.seq > $1::integer", [after], 1000);
    if (rows.length === 0) break;
    const result = checkChain(rows, state);
    if (result.firstBreak) return { ok: false, verified: result.verified, legacy: result.legacy, head: result.prevHash, firstBreak: result.firstBreak };
    state = result;
    after = rows[rows.length - 1]!.seq;
  }
  return { ok: true, verified: state.verified, legacy: state.legacy, head: state.prevHash, firstBreak: null };
}

/** One line per report, for the CLI and logs. */
export function describeChainReport(report: ChainReport): string {
  if (report.ok) {
    return `audit chain intact: ${report.verified} rows verified${report.legacy ? ` (${report.legacy} earlier rows predate the chain)` : ""}; head ${report.head ?? GENESIS_HASH}`;
  }
  const b = report.firstBreak!;
  return `audit chain BROKEN at row seq ${b.seq} (id ${b.id}, ${b.createdAt.toISOString()}, ${b.action}): ${b.reason}. ${report.verified} rows before it verified.`;
}
