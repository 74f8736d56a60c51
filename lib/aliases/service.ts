import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireTier } from "@/lib/auth/permissions";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { getDb, prisma } from "@/lib/db";
import { DomainError, NotFoundError, ValidationError } from "@/lib/errors";
import { getDeploymentIndex, type Freshness } from "@/lib/deployments/index-store";
import { getLiteLLM } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import {
  blocking,
  buildIndex,
  CANDIDATE_FIELD_OF_RULE,
  checkCandidate,
  checkImport,
  checkRemoval,
  coverage,
  needsConfirmation,
  type CandidateDeployment,
  type CheckIndex,
  type ConsumerAlias,
  type CoverageRow,
  type CoverageStatus,
  type Finding,
  type HealthState,
  type RuleId,
} from "./checks";
import { invalidateCheckIndex, loadCheckIndex, toConsumerAlias } from "./context";
import { diffRegistry, parseRegistry, serialiseRegistry, type RegistryError, type RegistryFormat } from "./registry-format";
import type { ConsumerAliasInput, DeleteConsumerAliasInput, ImportRegistryInput, UpdateConsumerAliasInput } from "./schemas";

/** What a service verb needs from the caller; ActionContext from lib/safe-action satisfies it. */
export interface ServiceContext {
  user: SessionUser;
  request?: RequestMeta;
}

/** Alias checks refused the change; `details.findings` carries every finding for the form, `fieldErrors` the blocking ones. */
export class AliasCheckError extends ValidationError {
  readonly details: { findings: Finding[] };
  constructor(message: string, findings: Finding[], fieldErrors: Record<string, string[]> = {}) {
    super(message, fieldErrors);
    this.details = { findings };
  }
}

/** Only confirmations are missing (e.g. joining a load-balancing group); resubmit with them confirmed. */
export class AliasConfirmationError extends DomainError {
  readonly details: { findings: Finding[] };
  constructor(message: string, findings: Finding[]) {
    super("needs_confirmation", message);
    this.details = { findings };
  }
}

const actorOf = (ctx: ServiceContext) => ({ provider: ctx.user.provider, username: ctx.user.username });

// ---------- checks for the models engineers ----------

/** Live and authoritative checks of a deployment about to be saved (wizard, save, edit). Admins and viewers. */
export async function checkModelCandidate({
  ctx,
  input,
  fresh,
}: {
  ctx: ServiceContext;
  input: CandidateDeployment & { confirmedGroupJoin?: boolean };
  /** Skip the few-seconds cache: use it for the authoritative check at save time. */
  fresh?: boolean;
}): Promise<Finding[]> {
  requireTier(ctx.user, "reader");
  const { confirmedGroupJoin, ...candidate } = input;
  const index = await loadCheckIndex({ fresh });
  return checkCandidate(candidate, index, { confirmedGroupJoin });
}

/** Findings for deleting a deployment or renaming its alias (a required alias left unserved blocks). */
export async function checkModelRemoval({
  ctx,
  input,
  fresh,
}: {
  ctx: ServiceContext;
  input: { deploymentId: string; kind: "delete" | "rename"; newAlias?: string };
  fresh?: boolean;
}): Promise<Finding[]> {
  requireTier(ctx.user, "reader");
  const index = await loadCheckIndex({ fresh });
  return checkRemoval(input, index);
}

/**
 * The save-time gate: throws AliasCheckError (validation, with field errors) on blocking findings and
 * AliasConfirmationError (needs_confirmation) when the group join is not confirmed; returns the remaining warnings.
 */
export async function enforceModelCandidate(args: {
  ctx: ServiceContext;
  input: CandidateDeployment & { confirmedGroupJoin?: boolean };
}): Promise<Finding[]> {
  const findings = await checkModelCandidate({ ...args, fresh: true });
  const blocks = blocking(findings);
  if (blocks.length > 0) throw new AliasCheckError(blocks[0].message, findings, candidateFieldErrors(blocks));
  const confirms = needsConfirmation(findings);
  if (confirms.length > 0) throw new AliasConfirmationError(confirms[0].message, findings);
  return findings;
}

/** Maps blocking candidate findings onto the wizard's fields (mode, alias, outputVectorSize, dimensions). */
export function candidateFieldErrors(findings: Finding[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of findings) {
    const key = CANDIDATE_FIELD_OF_RULE[f.rule];
    if (key) (out[key] ??= []).push(f.message);
  }
  return out;
}

// ---------- the registry ----------

export interface ConsumerAliasRecord {
  id: string;
  alias: string;
  consumer: string;
  kind: ConsumerAlias["kind"];
  dimension: number | null;
  teamId: string | null;
  required: boolean;
  note: string | null;
  createdBy: string;
  updatedAt: string;
}

type AliasRow = {
  id: string;
  alias: string;
  consumer: string;
  kind: string;
  dimension: number | null;
  teamId: string | null;
  required: boolean;
  note: string | null;
  createdBy: string;
  updatedAt: Date;
};

function toRecord(row: AliasRow): ConsumerAliasRecord {
  const c = toConsumerAlias(row);
  return {
    id: row.id,
    alias: row.alias,
    consumer: row.consumer,
    kind: c.kind,
    dimension: row.dimension,
    teamId: row.teamId,
    required: row.required,
    note: row.note,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listConsumerAliases({ ctx }: { ctx: ServiceContext }): Promise<ConsumerAliasRecord[]> {
  requireTier(ctx.user, "reader");
  const db = await prisma();
  const rows = await db.consumerAlias.findMany({ orderBy: [{ alias: "asc" }, { consumer: "asc" }] });
  return rows.map(toRecord);
}

/** Form input → the stored shape (empty optional text is "not set"). */
function normalise(input: Omit<ConsumerAliasInput, "force">): ConsumerAlias {
  const out: ConsumerAlias = { alias: input.alias.trim(), consumer: input.consumer.trim(), kind: input.kind, required: input.required };
  if (input.kind === "embedding" && input.dimension != null) out.dimension = input.dimension;
  if (input.teamId?.trim()) out.teamId = input.teamId.trim();
  if (input.note?.trim()) out.note = input.note.trim();
  return out;
}

const dataOf = (r: ConsumerAlias) => ({
  alias: r.alias,
  consumer: r.consumer,
  kind: r.kind,
  dimension: r.dimension ?? null,
  teamId: r.teamId ?? null,
  required: r.required,
  note: r.note ?? null,
});

/** Registry findings mapped onto the alias form's fields. */
function recordFieldErrors(findings: Finding[]): Record<string, string[]> {
  const field: Partial<Record<RuleId, string>> = {
    kind_mismatch: "kind",
    chat_embedding_mixed: "kind",
    embedding_dimension_missing: "dimension",
    dimension_mismatch_consumer: "dimension",
  };
  const out: Record<string, string[]> = {};
  for (const f of findings) {
    const key = field[f.rule];
    if (key) (out[key] ??= []).push(f.message);
  }
  return out;
}

/** Checks one registry record against LiteLLM, as if the record `replacing` (if any) were gone. */
async function checkRecord(record: ConsumerAlias, replacing?: { alias: string; consumer: string }): Promise<Finding[]> {
  let index: CheckIndex = await loadCheckIndex({ fresh: true });
  if (replacing && (replacing.alias !== record.alias || replacing.consumer !== record.consumer)) {
    index = buildIndex({
      ...index.ctx,
      deployments: [...index.deploymentsById.values()],
      consumers: index.ctx.consumers.filter((c) => !(c.alias === replacing.alias && c.consumer === replacing.consumer)),
    });
  }
  return checkImport([record], index);
}

function refuseUnlessForced(findings: Finding[], force: boolean | undefined, what: string) {
  const blocks = blocking(findings);
  if (blocks.length === 0 || force) return;
  throw new AliasCheckError(
    `${what} conflicts with what LiteLLM serves: ${blocks[0].message} Fix it, or save anyway to record the expectation (the coverage view will show it as a problem).`,
    findings,
    recordFieldErrors(blocks),
  );
}

function duplicateError(alias: string, consumer: string): ValidationError {
  const message = `${alias} is already registered for ${consumer}. Edit that entry instead.`;
  return new ValidationError(message, { alias: [message] });
}

export interface SavedAlias {
  alias: ConsumerAliasRecord;
  /** Warnings (and, when forced, the accepted blocking findings) to show after saving. */
  findings: Finding[];
}

export async function createConsumerAlias({ ctx, input }: { ctx: ServiceContext; input: ConsumerAliasInput }): Promise<SavedAlias> {
  requireTier(ctx.user, "admin");
  const record = normalise(input);
  const db = await prisma();
  if (await db.consumerAlias.findUnique({ where: { alias_consumer: { alias: record.alias, consumer: record.consumer } } })) {
    throw duplicateError(record.alias, record.consumer);
  }
  const findings = await checkRecord(record);
  refuseUnlessForced(findings, input.force, `${record.alias} for ${record.consumer}`);
  let row: AliasRow;
  try {
    row = await db.consumerAlias.create({ data: { ...dataOf(record), createdBy: ctx.user.id } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw duplicateError(record.alias, record.consumer);
    throw error;
  }
  invalidateCheckIndex({ added: [record] });
  await recordAudit({
    actor: actorOf(ctx),
    action: "alias.create",
    targetType: "consumer_alias",
    targetId: row.id,
    teamId: record.teamId ?? null,
    outcome: "success",
    request: ctx.request,
    details: { ...dataOf(record), forced: Boolean(input.force && blocking(findings).length), findings: findings.map((f) => f.rule) },
  });
  return { alias: toRecord(row), findings };
}

export async function updateConsumerAlias({ ctx, input }: { ctx: ServiceContext; input: UpdateConsumerAliasInput }): Promise<SavedAlias> {
  requireTier(ctx.user, "admin");
  const db = await prisma();
  const before = await db.consumerAlias.findUnique({ where: { id: input.id } });
  if (!before) throw new NotFoundError("This consumer alias no longer exists. Reload the page.");
  const record = normalise(input);
  const keyChanged = before.alias !== record.alias || before.consumer !== record.consumer;
  if (
    keyChanged &&
    (await db.consumerAlias.findUnique({ where: { alias_consumer: { alias: record.alias, consumer: record.consumer } } }))
  ) {
    throw duplicateError(record.alias, record.consumer);
  }
  const findings = await checkRecord(record, before);
  refuseUnlessForced(findings, input.force, `${record.alias} for ${record.consumer}`);
  let row: AliasRow;
  try {
    row = await db.consumerAlias.update({ where: { id: input.id }, data: dataOf(record) });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw duplicateError(record.alias, record.consumer);
    if ((error as { code?: string }).code === "P2025") throw new NotFoundError("This consumer alias no longer exists. Reload the page.");
    throw error;
  }
  invalidateCheckIndex({ removed: [{ alias: before.alias, consumer: before.consumer }], added: [record] });
  await recordAudit({
    actor: actorOf(ctx),
    action: "alias.update",
    targetType: "consumer_alias",
    targetId: row.id,
    teamId: record.teamId ?? before.teamId ?? null,
    outcome: "success",
    request: ctx.request,
    details: {
      before: dataOf(toConsumerAlias(before)),
      after: dataOf(record),
      forced: Boolean(input.force && blocking(findings).length),
      findings: findings.map((f) => f.rule),
    },
  });
  return { alias: toRecord(row), findings };
}

export async function deleteConsumerAlias({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: DeleteConsumerAliasInput;
}): Promise<{ alias: string; consumer: string }> {
  requireTier(ctx.user, "admin");
  const db = await prisma();
  const before = await db.consumerAlias.findUnique({ where: { id: input.id } });
  if (!before) throw new NotFoundError("This consumer alias no longer exists. Reload the page.");
  try {
    await db.consumerAlias.delete({ where: { id: input.id } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2025") throw new NotFoundError("This consumer alias no longer exists. Reload the page.");
    throw error;
  }
  invalidateCheckIndex({ removed: [{ alias: before.alias, consumer: before.consumer }] });
  await recordAudit({
    actor: actorOf(ctx),
    action: "alias.delete",
    targetType: "consumer_alias",
    targetId: before.id,
    teamId: before.teamId,
    outcome: "success",
    request: ctx.request,
    details: dataOf(toConsumerAlias(before)),
  });
  return { alias: before.alias, consumer: before.consumer };
}

// ---------- import / export ----------

export interface ImportPreview {
  mode: "merge" | "replace";
  /** Problems in the file itself; when present nothing else is computed. */
  errors: RegistryError[];
  added: ConsumerAlias[];
  changed: { before: ConsumerAlias; after: ConsumerAlias }[];
  unchanged: ConsumerAlias[];
  /** Only in replace mode: stored entries the file does not list, which applying deletes. */
  removed: ConsumerAlias[];
  findings: Finding[];
  blockingCount: number;
}

async function storedRows(): Promise<AliasRow[]> {
  const db = await prisma();
  return db.consumerAlias.findMany({ orderBy: [{ alias: "asc" }, { consumer: "asc" }] });
}

function previewFrom(
  text: string,
  format: "auto" | RegistryFormat,
  mode: "merge" | "replace",
  current: ConsumerAlias[],
  index: CheckIndex,
): ImportPreview & { records: ConsumerAlias[] } {
  const parsed = parseRegistry(text, format);
  if (parsed.errors.length > 0) {
    return { mode, errors: parsed.errors, added: [], changed: [], unchanged: [], removed: [], findings: [], blockingCount: 0, records: [] };
  }
  const diff = diffRegistry(current, parsed.records);
  const findings = checkImport(parsed.records, index);
  return {
    mode,
    errors: [],
    added: diff.added,
    changed: diff.changed,
    unchanged: diff.unchanged,
    removed: mode === "replace" ? diff.removed : [],
    findings,
    blockingCount: blocking(findings).length,
    records: parsed.records,
  };
}

/** What applying the file would change, and what the checks say about it. Changes nothing. */
export async function previewImport({ ctx, input }: { ctx: ServiceContext; input: ImportRegistryInput }): Promise<ImportPreview> {
  requireTier(ctx.user, "admin");
  const [rows, index] = await Promise.all([storedRows(), loadCheckIndex()]);
  const { records: _records, ...preview } = previewFrom(
    input.text,
    input.format ?? "auto",
    input.mode ?? "merge",
    rows.map(toConsumerAlias),
    index,
  );
  void _records;
  return preview;
}

export interface ImportResult {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  findings: Finding[];
}

/** Applies a registry file (merge, or replace = also delete unlisted entries) in one transaction. */
export async function applyImport({ ctx, input }: { ctx: ServiceContext; input: ImportRegistryInput }): Promise<ImportResult> {
  requireTier(ctx.user, "admin");
  const mode = input.mode ?? "merge";
  const database = await getDb();
  const result = await database.withLock("gatehouse:consumer-aliases:import", async () => {
    const [rows, index] = await Promise.all([storedRows(), loadCheckIndex({ fresh: true })]);
    const preview = previewFrom(input.text, input.format ?? "auto", mode, rows.map(toConsumerAlias), index);
    if (preview.errors.length > 0) {
      throw new ValidationError(
        `The file has ${preview.errors.length === 1 ? "a problem" : `${preview.errors.length} problems`}; nothing was imported.`,
        {
          text: preview.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
        },
      );
    }
    if (preview.blockingCount > 0 && !input.force) {
      throw new AliasCheckError(
        `${preview.blockingCount === 1 ? "One entry conflicts" : `${preview.blockingCount} entries conflict`} with what LiteLLM serves; nothing was imported. Fix the file, or import anyway to record the expectations.`,
        preview.findings,
      );
    }
    const idOf = new Map(rows.map((r) => [`${r.alias}\u0000${r.consumer}`, r.id]));
    const key = (r: ConsumerAlias) => `${r.alias}\u0000${r.consumer}`;
    await database.prisma.$transaction([
      ...preview.added.map((r) => database.prisma.consumerAlias.create({ data: { ...dataOf(r), createdBy: ctx.user.id } })),
      ...preview.changed.map(({ after }) =>
        database.prisma.consumerAlias.update({ where: { id: idOf.get(key(after))! }, data: dataOf(after) }),
      ),
      ...(preview.removed.length
        ? [database.prisma.consumerAlias.deleteMany({ where: { id: { in: preview.removed.map((r) => idOf.get(key(r))!) } } })]
        : []),
    ]);
    return preview;
  });
  invalidateCheckIndex();
  const summary = {
    added: result.added.length,
    changed: result.changed.length,
    removed: result.removed.length,
    unchanged: result.unchanged.length,
  };
  await recordAudit({
    actor: actorOf(ctx),
    action: "alias.import",
    targetType: "consumer_alias",
    targetId: null,
    outcome: "success",
    request: ctx.request,
    details: {
      mode,
      ...summary,
      aliases: {
        added: result.added.map((r) => `${r.alias} (${r.consumer})`).slice(0, 200),
        changed: result.changed.map((c) => `${c.after.alias} (${c.after.consumer})`).slice(0, 200),
        removed: result.removed.map((r) => `${r.alias} (${r.consumer})`).slice(0, 200),
      },
      forced: Boolean(input.force && result.blockingCount),
      findings: result.findings.map((f) => f.rule),
    },
  });
  return { ...summary, findings: result.findings };
}

export async function exportRegistry({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { format: RegistryFormat };
}): Promise<{ filename: string; contentType: string; body: string }> {
  requireTier(ctx.user, "reader");
  const rows = await storedRows();
  const body = serialiseRegistry(rows.map(toConsumerAlias), input.format);
  return {
    filename: `gatehouse-consumer-aliases.${input.format === "json" ? "json" : "yaml"}`,
    contentType: input.format === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8",
    body,
  };
}

// ---------- coverage ----------

export interface VerificationSummary {
  modelId: string;
  status: "verified" | "mismatch" | "failed";
  expected: number | null;
  actual: number | null;
  message: string | null;
  checkedAt: string;
}

export interface CoverageEntry extends CoverageRow {
  /** Latest dimension verification of each serving deployment (embeddings only). */
  verifications: VerificationSummary[];
  /** The wizard, pre-filled, for aliases nothing serves. */
  registerHref: string | null;
}

export interface CoverageReport {
  rows: CoverageEntry[];
  summary: Record<CoverageStatus, number> & { total: number };
  /** Where health came from: LiteLLM's group info when it reports it, otherwise nothing (shown as unknown). */
  healthSource: "model_group_info" | "none";
  /** How old the deployment index behind it is ("as of 12 s ago"). */
  freshness: Freshness;
}

const STATUS_ORDER: Record<CoverageStatus, number> = { missing: 0, mismatch: 1, unhealthy: 2, ok: 3 };

export function registerHref(row: Pick<CoverageRow, "alias" | "kind" | "dimension">): string {
  const params = new URLSearchParams({ alias: row.alias, mode: row.kind });
  if (row.kind === "embedding" && row.dimension != null) params.set("dimension", String(row.dimension));
  return `/models/new?${params.toString()}`;
}

const GROUP_HEALTH_TTL_MS = 60_000;
const groupHealthCache = ((globalThis as unknown as { gatehouseGroupHealth?: { value?: Map<string, HealthState> | null; at: number; inflight?: Promise<Map<string, HealthState> | null> } })
  .gatehouseGroupHealth ??= { at: 0 });

async function readGroupHealth(): Promise<Map<string, HealthState> | null> {
  try {
    const groups = await getLiteLLM().models.groupInfo(undefined, { purpose: "group-health" });
    const health = new Map<string, HealthState>();
    for (const g of groups) {
      const status = (g as Record<string, unknown>).health_status;
      if (status === "healthy" || status === "unhealthy") health.set(g.model_group, status);
    }
    return health.size > 0 ? health : null;
  } catch (error) {
    logger.warn("aliases.group_health_unavailable", { error: (error as Error).message });
    return null;
  }
}

/**
 * Health per model group, only if LiteLLM's /model_group/info reports it (some versions carry `health_status`).
 * /model_group/info lists every group, so it is read at most once a minute in the background; only the very first
 * coverage view of a process waits for it. /health would make real provider calls for every deployment: never called.
 */
export async function groupHealth(): Promise<Map<string, HealthState> | null> {
  const cache = groupHealthCache;
  const refresh = () =>
    (cache.inflight ??= readGroupHealth().then((value) => {
      cache.value = value;
      cache.at = Date.now();
      cache.inflight = undefined;
      return value;
    }));
  if (cache.value === undefined) return refresh();
  if (Date.now() - cache.at >= GROUP_HEALTH_TTL_MS) void refresh();
  return cache.value;
}

/** Applies recorded dimension verifications: a measured vector length that differs from the expectation is a mismatch. */
export function withVerifications(rows: CoverageRow[], verifications: VerificationSummary[]): CoverageEntry[] {
  const byModel = new Map(verifications.map((v) => [v.modelId, v]));
  const out = rows.map((row): CoverageEntry => {
    const found =
      row.kind === "embedding" ? row.deploymentIds.map((id) => byModel.get(id)).filter((v): v is VerificationSummary => !!v) : [];
    const entry: CoverageEntry = {
      ...row,
      problems: [...row.problems],
      verifications: found,
      registerHref: row.served ? null : registerHref(row),
    };
    if (row.dimension != null) {
      const wrong = found.filter((v) => v.actual != null && v.actual !== row.dimension);
      if (wrong.length > 0) {
        entry.problems.push(`Verified vector length ${[...new Set(wrong.map((v) => v.actual))].join(" and ")}, expected ${row.dimension}.`);
        entry.dimensionOk = false;
        if (entry.status !== "missing") entry.status = "mismatch";
      }
    }
    return entry;
  });
  return out.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      Number(b.required) - Number(a.required) ||
      a.alias.localeCompare(b.alias) ||
      a.consumer.localeCompare(b.consumer),
  );
}

/** For every expected alias: served by LiteLLM? right kind and dimension? healthy (when known)? */
export async function getCoverage({ ctx }: { ctx: ServiceContext }): Promise<CoverageReport> {
  requireTier(ctx.user, "reader");
  const [index, health] = await Promise.all([loadCheckIndex(), groupHealth()]);
  const base = coverage(index, health ?? undefined);
  const modelIds = [...new Set(base.filter((r) => r.kind === "embedding").flatMap((r) => r.deploymentIds))];
  const db = await prisma();
  const stored = modelIds.length ? await db.modelVerification.findMany({ where: { modelId: { in: modelIds } } }) : [];
  const rows = withVerifications(
    base,
    stored.map((v) => ({
      modelId: v.modelId,
      status: v.status === "verified" || v.status === "mismatch" ? v.status : "failed",
      expected: v.expected,
      actual: v.actual,
      message: v.message,
      checkedAt: v.checkedAt.toISOString(),
    })),
  );
  const summary = { total: rows.length, ok: 0, missing: 0, mismatch: 0, unhealthy: 0 };
  for (const r of rows) summary[r.status]++;
  return { rows, summary, healthSource: health ? "model_group_info" : "none", freshness: getDeploymentIndex().freshness() };
}

/**
 * Required consumer aliases that LiteLLM does not serve, or serves with the wrong kind or dimension, for the
 * scheduler and the overview (no session: the caller decides who may see it).
 */
export async function requiredAliasProblems(): Promise<{ id: string; label: string; detail: string; status: "missing" | "mismatch" }[]> {
  const rows = coverage(await loadCheckIndex());
  return rows
    .filter((r) => r.required && (r.status === "missing" || r.status === "mismatch"))
    .map((r) => ({
      id: `${r.alias}:${r.consumer}`,
      label: `${r.alias} (${r.consumer})`,
      detail: r.status === "missing" ? "missing" : `mismatched: ${r.problems[0] ?? "wrong kind or dimension"}`,
      status: r.status as "missing" | "mismatch",
    }));
}
