import "server-only";

import { AliasCheckError, checkModelRemoval, enforceModelCandidate, type ServiceContext } from "@/lib/aliases/service";
import { blocking, type Finding } from "@/lib/aliases/checks";
import { recordAudit } from "@/lib/audit/service";
import { canReadPlatform, requireTier } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/types";
import { isMode, type Mode } from "@/lib/catalog/modes";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from "@/lib/errors";
import {
  CLEARABLE_LITELLM_PARAMS,
  getLiteLLM,
  isLiteLLMError,
  isNotFound,
  type LiteLLMClient,
  type LiteLLMDeployment,
} from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { checkOutboundUrl, type SsrfVerdict } from "@/lib/net/ssrf";
import { isEnvRef } from "@/lib/models/provider-flows";
import { maskSecrets } from "@/lib/models/draft-schema";
import { redactValue } from "@/lib/redact";

import { getDeploymentIndex, pageOf, type DeploymentIndex, type Freshness, type IndexedDeployment } from "@/lib/deployments/index-store";

import {
  CONFIG_READ_ONLY_REASON,
  aliasOf,
  groupRows,
  healthStateFor,
  isDbModel,
  matchesHealth,
  modelRowOf,
  toModelRow,
  type ModelGroup,
  type ModelListParams,
  type ConnectionCheckLike,
  type ModelRow,
  type VerificationLike,
} from "./list";
import { connectionChecksFromDb, type ConnectionCheck } from "./connection-checks";
import type { ModelDeleteInput, ModelEdit } from "./queries";

export interface ModelsDeps {
  /** Default: the process-wide client. The bench injects one with an instrumented fetch. */
  litellm?: LiteLLMClient;
  /** Default: this replica's deployment index (the bench and tests inject their own). */
  index?: DeploymentIndex;
  /** Latest dimension verification per deployment id (`null` = every row). Default: the modelVerification table. */
  loadVerifications?: (ids: string[] | null) => Promise<VerificationLike[]>;
  /** The SSRF guard (default: lib/net's checkOutboundUrl with the environment's policy). */
  checkUrl?: (raw: string) => Promise<SsrfVerdict>;
  /** Latest Test Connect per deployment id (`null` = every row). Default: the model_connection_checks table. */
  loadConnectionChecks?: (ids: string[] | null) => Promise<ConnectionCheck[]>;
}

interface VerificationSqlRow {
  model_id: string;
  status: string;
  expected: number | null;
  actual: number | null;
  message: string | null;
  checked_at: Date | string;
}

async function verificationsFromDb(ids: string[] | null): Promise<VerificationLike[]> {
  if (ids && ids.length === 0) return [];
  const db = await prisma();
  // One array parameter (= ANY) instead of Prisma's `in` list, whose cost grows with every id on the page.
  const rows = ids
    ? await db.$queryRaw<VerificationSqlRow[]>`SELECT model_id, status, expected, actual, message, checked_at FROM model_verifications WHERE model_id = ANY(${ids})`
    : await db.$queryRaw<VerificationSqlRow[]>`SELECT model_id, status, expected, actual, message, checked_at FROM model_verifications`;
  return rows.map((v) => ({
    modelId: v.model_id,
    status: v.status,
    expected: v.expected,
    actual: v.actual,
    message: v.message,
    checkedAt: new Date(v.checked_at).toISOString(),
  }));
}

async function verificationMap(deps: ModelsDeps, ids: string[] | null): Promise<Map<string, VerificationLike>> {
  try {
    const rows = await (deps.loadVerifications ?? verificationsFromDb)(ids);
    return new Map(rows.map((v) => [v.modelId, v]));
  } catch (error) {
    // Health badges are a nicety: the list still renders when the console's DB hiccups.
    logger.warn("models.verifications_unavailable", { error: (error as Error).message });
    return new Map();
  }
}

async function connectionCheckMap(deps: ModelsDeps, ids: string[] | null): Promise<Map<string, ConnectionCheckLike>> {
  try {
    const rows = await (deps.loadConnectionChecks ?? connectionChecksFromDb)(ids);
    return new Map(rows.map((c) => [c.deploymentId, c]));
  } catch (error) {
    logger.warn("models.connection_checks_unavailable", { error: (error as Error).message });
    return new Map();
  }
}

const actorOf = (ctx: ServiceContext) => ({ provider: ctx.user.provider, username: ctx.user.username });

// ---------- the list ----------

export interface ModelListPage {
  params: ModelListParams;
  groups: ModelGroup[];
  /** Deployments on this page. */
  rowCount: number;
  totalCount: number;
  totalPages: number;
  page: number;
  pageSize: number;
  /** Always "index": filtered, sorted and paged from this replica's deployment index (lib/deployments). */
  pagedBy: "index";
  /** When LiteLLM last confirmed the index ("as of 12 s ago"). */
  freshness: Freshness;
}

/** Every deployment matching the models list's filters (search, provider, mode, team, health, source), in its order. */
async function queryModels(params: Pick<ModelListParams, "q" | "provider" | "mode" | "team" | "health" | "source" | "sort" | "order">, deps: ModelsDeps) {
  const index = deps.index ?? getDeploymentIndex();
  const snapshot = await index.snapshot();
  const [allVerified, allConnected] = params.health
    ? await Promise.all([verificationMap(deps, null), connectionCheckMap(deps, null)])
    : [null, null];
  const rows = snapshot.query(
    {
      q: params.q,
      provider: params.provider,
      mode: params.mode,
      team: params.team,
      source: params.source,
      where:
        allVerified && allConnected
          ? (d) => matchesHealth(healthStateFor(d.blocked, allVerified.get(d.id), allConnected.get(d.id)), params.health)
          : undefined,
    },
    params.sort,
    params.order,
  );
  return { index, snapshot, rows, allVerified, allConnected };
}

/**
 * The ids of every deployment the models list shows for these filters (all pages): what "Export every deployment
 * matching these filters" downloads. From the deployment index; health from the console's checks.
 */
export async function matchingModelIds(
  params: Pick<ModelListParams, "q" | "provider" | "mode" | "team" | "health" | "source">,
  deps: ModelsDeps = {},
): Promise<string[]> {
  const { rows } = await queryModels({ ...params, sort: "alias", order: "asc" }, deps);
  return rows.map((d) => d.id);
}

/**
 * The models page's data: one page of deployments grouped by public alias, with health badges.
 *
 * Every filter (search, provider, mode, team, health, source) and sort is answered from the deployment index in
 * memory, so a page costs no LiteLLM call and the same at 20 and 20,000 deployments; the browser gets one page. Health
 * needs the console's verifications: only the page's rows are looked up, except for the health filter (one query).
 * Callers check access first (the page renders ForbiddenState for non-readers).
 */
export async function listModelsPage(params: ModelListParams, deps: ModelsDeps = {}): Promise<ModelListPage> {
  const { index, snapshot, rows, allVerified, allConnected } = await queryModels(params, deps);
  const cut = pageOf(rows, params.page, params.size);
  const neighbours = [cut.previous, cut.next].filter((d) => d !== undefined);
  const pageIds = [...cut.rows, ...neighbours].map((d) => d.id);
  const [verified, connected] = await Promise.all([
    allVerified ?? verificationMap(deps, pageIds),
    allConnected ?? connectionCheckMap(deps, pageIds),
  ]);
  const row = (d: IndexedDeployment | undefined) => (d ? modelRowOf(d, verified.get(d.id), connected.get(d.id)) : undefined);
  const totalCount = rows.length;
  return {
    params,
    groups: groupRows(cut.rows.map((d) => row(d)!), { previous: row(cut.previous), next: row(cut.next), sortedByAlias: params.sort === "alias" }),
    rowCount: cut.rows.length,
    totalCount,
    totalPages: Math.max(1, Math.ceil(totalCount / params.size)),
    page: params.page,
    pageSize: params.size,
    pagedBy: "index",
    freshness: index.freshness(snapshot),
  };
}

// ---------- one deployment ----------

export interface ModelEditDefaults {
  id: string;
  alias: string;
  mode: Mode;
  rpm: number | null;
  tpm: number | null;
  timeout: number | null;
  maxRetries: number | null;
  inputCostPerToken: number | null;
  outputCostPerToken: number | null;
  credentialName: string | null;
  apiBase: string | null;
  outputVectorSize: number | null;
}

export interface ModelDetail {
  row: ModelRow;
  /** litellm_params with every secret masked (maskSecrets), extra_headers values included. */
  params: Record<string, unknown>;
  /** model_info as LiteLLM reports it (cost-map fields merged in), redacted. */
  info: Record<string, unknown>;
  /** Every deployment serving the same alias, this one included. */
  group: ModelRow[];
  groupTruncated: boolean;
  credential: { name: string; exists: boolean; provider: string | null; description: string | null } | null;
  verification: VerificationLike | null;
  /** The latest Test Connect of this deployment (model page or the wizard's test of the saved draft). */
  connectionCheck: ConnectionCheckLike | null;
  editable: boolean;
  readOnlyReason: string | null;
  defaults: ModelEditDefaults;
  /** The dimension the cost map reports, shown as a hint next to the edit box. */
  costMapDimension: number | null;
  /** Whether a team member of this team may see it; admins and viewers see all. */
  teamId: string | null;
}

const numberOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const stringOrNull = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

function editDefaults(d: LiteLLMDeployment): ModelEditDefaults {
  const p = d.litellm_params as Record<string, unknown>;
  const mode = d.model_info.mode;
  return {
    id: d.model_info.id,
    alias: aliasOf(d),
    mode: isMode(mode) ? mode : "chat",
    rpm: numberOrNull(p.rpm),
    tpm: numberOrNull(p.tpm),
    timeout: numberOrNull(p.timeout),
    maxRetries: numberOrNull(p.max_retries),
    inputCostPerToken: numberOrNull(p.input_cost_per_token),
    outputCostPerToken: numberOrNull(p.output_cost_per_token),
    credentialName: stringOrNull(p.litellm_credential_name),
    apiBase: stringOrNull(p.api_base),
    outputVectorSize: numberOrNull(p.output_vector_size),
  };
}

async function findDeployment(litellm: LiteLLMClient, id: string): Promise<LiteLLMDeployment> {
  const found = await litellm.models.find(id);
  if (!found) throw new NotFoundError(`Deployment ${id} does not exist on LiteLLM (it may have been deleted).`);
  return found;
}

function requireReader(user: SessionUser) {
  if (!canReadPlatform(user)) throw new ForbiddenError("Models are visible to console admins and viewers.");
}

export async function getModelDetail({ ctx, id }: { ctx: ServiceContext; id: string }, deps: ModelsDeps = {}): Promise<ModelDetail> {
  requireReader(ctx.user);
  const litellm = deps.litellm ?? getLiteLLM();
  const d = await findDeployment(litellm, id);
  const alias = aliasOf(d);
  const credentialName = stringOrNull(d.litellm_params.litellm_credential_name);

  const [groupPage, credential, verified] = await Promise.all([
    litellm.models.listPage({ page: 1, size: 200, search: alias, sortBy: "model_name" }).catch((error: unknown) => {
      logger.warn("models.group_unavailable", { error: (error as Error).message });
      return null;
    }),
    credentialName
      ? litellm.credentials.get(credentialName).then(
          (c) => ({
            name: credentialName,
            exists: true,
            provider: stringOrNull(c.credential_info?.custom_llm_provider),
            description: stringOrNull(c.credential_info?.description),
          }),
          (error: unknown) => ({ name: credentialName, exists: !isNotFound(error), provider: null, description: null }),
        )
      : Promise.resolve(null),
    verificationMap(deps, [id]),
  ]);

  const members = (groupPage?.data ?? [d]).filter((m) => aliasOf(m) === alias);
  if (!members.some((m) => m.model_info.id === id)) members.unshift(d);
  const memberIds = members.map((m) => m.model_info.id);
  const [groupVerified, groupConnected] = await Promise.all([verificationMap(deps, memberIds), connectionCheckMap(deps, memberIds)]);
  const editable = isDbModel(d);
  return {
    row: toModelRow(d, verified.get(id), groupConnected.get(id)),
    params: maskSecrets(d.litellm_params as Record<string, unknown>),
    info: redactValue({ ...d.model_info }) as Record<string, unknown>,
    group: members.map((m) => toModelRow(m, groupVerified.get(m.model_info.id), groupConnected.get(m.model_info.id))),
    connectionCheck: groupConnected.get(id) ?? null,
    groupTruncated: (groupPage?.totalCount ?? 0) > 200,
    credential,
    verification: verified.get(id) ?? null,
    editable,
    readOnlyReason: editable ? null : CONFIG_READ_ONLY_REASON,
    defaults: editDefaults(d),
    costMapDimension: numberOrNull(d.model_info.output_vector_size),
    teamId: stringOrNull(d.model_info.team_id),
  };
}

// ---------- edit ----------

/** Edit-form fields → litellm_params keys. */
const PARAM_FIELDS = {
  rpm: "rpm",
  tpm: "tpm",
  timeout: "timeout",
  maxRetries: "max_retries",
  inputCostPerToken: "input_cost_per_token",
  outputCostPerToken: "output_cost_per_token",
  credentialName: "litellm_credential_name",
  apiBase: "api_base",
  outputVectorSize: "output_vector_size",
} as const satisfies Partial<Record<keyof ModelEdit, string>>;
type ParamField = keyof typeof PARAM_FIELDS;

const FIELD_LABELS: Record<ParamField, string> = {
  rpm: "requests per minute",
  tpm: "tokens per minute",
  timeout: "timeout",
  maxRetries: "max retries",
  inputCostPerToken: "input cost per token",
  outputCostPerToken: "output cost per token",
  credentialName: "credential",
  apiBase: "API base",
  outputVectorSize: "dimension",
};

/** Secrets /model/info never returns: a deployment holding one cannot be re-created from what the console can read. */
const HIDDEN_SECRET_PARAMS = ["api_key", "client_secret", "vertex_credentials"];

/** model_info keys an operator sets (the rest of /model/info's model_info is merged in from the cost map). */
const OWN_MODEL_INFO_KEYS = ["mode", "base_model", "tier", "team_id", "access_groups", "description"];

export interface ModelChangePlan {
  set: Record<string, unknown>;
  clear: string[];
  modelInfo: Record<string, unknown>;
  rename: string | null;
  /** Form fields that changed, for the audit row and field errors. */
  changed: ParamField[];
  cleared: ParamField[];
}

/** Compares the wanted values with the stored deployment: only differences are sent, emptied fields are cleared. */
export function planModelChanges(d: LiteLLMDeployment, input: ModelEdit): ModelChangePlan {
  const current = editDefaults(d);
  const plan: ModelChangePlan = { set: {}, clear: [], modelInfo: {}, rename: null, changed: [], cleared: [] };
  for (const field of Object.keys(PARAM_FIELDS) as ParamField[]) {
    const key = PARAM_FIELDS[field];
    const wanted = input[field];
    const before = current[field];
    if (wanted === before) continue;
    if (wanted === null) {
      plan.clear.push(key);
      plan.cleared.push(field);
    } else {
      plan.set[key] = wanted;
      plan.changed.push(field);
    }
  }
  if (plan.changed.includes("outputVectorSize")) plan.modelInfo.output_vector_size = input.outputVectorSize;
  if (input.mode !== current.mode) plan.modelInfo.mode = input.mode;
  if (input.alias !== current.alias) plan.rename = input.alias;
  return plan;
}

function isEmptyPlan(plan: ModelChangePlan): boolean {
  return !plan.rename && plan.clear.length === 0 && Object.keys(plan.set).length === 0 && Object.keys(plan.modelInfo).length === 0;
}

export interface ModelUpdateResult {
  id: string;
  /** LiteLLM could not remove a setting in place: the deployment was re-created under a new id. */
  replacedFrom: string | null;
  warnings: Finding[];
}

/** PATCH what LiteLLM can express; when a removal is impossible in place, re-create the deployment without it. */
export async function updateModel({ ctx, input }: { ctx: ServiceContext; input: ModelEdit }, deps: ModelsDeps = {}): Promise<ModelUpdateResult> {
  requireTier(ctx.user, "admin");
  const litellm = deps.litellm ?? getLiteLLM();
  const d = await findDeployment(litellm, input.id);
  const alias = aliasOf(d);
  const audit = (outcome: "success" | "failure" | "denied", details: Record<string, unknown>, targetId = input.id) =>
    recordAudit({
      actor: actorOf(ctx),
      action: "model.update",
      targetType: "model",
      targetId,
      teamId: stringOrNull(d.model_info.team_id),
      outcome,
      request: ctx.request,
      details: { alias, ...details },
    });

  if (!isDbModel(d)) throw new ConflictError(`${alias} is read-only here. ${CONFIG_READ_ONLY_REASON}`);
  const plan = planModelChanges(d, input);
  if (isEmptyPlan(plan)) return { id: input.id, replacedFrom: null, warnings: [] };
  if (plan.rename && stringOrNull(d.model_info.team_id)) {
    throw new ValidationError("Team models keep their alias here.", { alias: ["Rename team models from LiteLLM's team settings."] });
  }
  if (input.force && (input.forceReason ?? "").length < 3) {
    throw new ValidationError("Say why you are forcing this change.", { forceReason: ["Say why you are forcing this (audited)"] });
  }

  // Rules before any write: API base (SSRF), credential existence, then the alias checks.
  if (plan.changed.includes("apiBase") && input.apiBase && !isEnvRef(input.apiBase)) {
    const verdict = await (deps.checkUrl ?? checkOutboundUrl)(input.apiBase);
    if (!verdict.ok) throw new ValidationError(verdict.reason, { apiBase: [verdict.reason] });
    plan.set.api_base = verdict.normalised;
  }
  if (plan.changed.includes("credentialName") && input.credentialName) {
    const exists = await litellm.credentials.get(input.credentialName).then(
      () => true,
      (error: unknown) => (isNotFound(error) ? false : Promise.reject(error)),
    );
    if (!exists) throw new ValidationError("No such credential.", { credentialName: [`LiteLLM has no credential named ${input.credentialName}.`] });
  }
  let forcedFindings: Finding[] = [];
  if (plan.rename) {
    const blocks = blocking(await checkModelRemoval({ ctx, input: { deploymentId: d.model_info.id, kind: "rename", newAlias: plan.rename }, fresh: true }));
    if (blocks.length > 0 && !input.force) {
      await audit("denied", { reason: "alias_required", rename: plan.rename, findings: blocks.map((f) => f.rule) });
      throw new AliasCheckError(blocks[0]!.message, blocks, { alias: blocks.map((f) => f.message) });
    }
    forcedFindings = blocks;
  }
  let warnings: Finding[] = [];
  if (plan.rename || plan.modelInfo.mode || plan.changed.includes("outputVectorSize")) {
    const p = d.litellm_params as Record<string, unknown>;
    const size = input.outputVectorSize ?? undefined;
    warnings = await enforceModelCandidate({
      ctx,
      input: {
        alias: input.alias,
        mode: input.mode,
        baseModel: stringOrNull(p.model) ?? stringOrNull(d.model_info.base_model) ?? "",
        outputVectorSize: size,
        dimensions: numberOrNull(p.dimensions) ?? undefined,
        teamId: stringOrNull(d.model_info.team_id) ?? undefined,
        replacingDeploymentId: d.model_info.id,
        confirmedGroupJoin: input.confirmedGroupJoin,
      },
    });
  }

  const details = {
    changed: Object.fromEntries(plan.changed.map((f) => [PARAM_FIELDS[f], f === "apiBase" ? "(changed)" : plan.set[PARAM_FIELDS[f]]])),
    cleared: plan.clear,
    ...(plan.modelInfo.mode ? { mode: plan.modelInfo.mode } : {}),
    ...(plan.rename ? { renamed_to: plan.rename } : {}),
    ...(forcedFindings.length ? { forced_reason: input.forceReason, findings: forcedFindings.map((f) => f.rule) } : {}),
  };

  const needsReplace = plan.clear.some((k) => !CLEARABLE_LITELLM_PARAMS.has(k));
  try {
    if (!needsReplace) {
      try {
        const updated = await litellm.models.update(d.model_info.id, {
          ...(plan.rename ? { model_name: plan.rename } : {}),
          ...(Object.keys(plan.set).length ? { litellm_params: plan.set } : {}),
          ...(Object.keys(plan.modelInfo).length ? { model_info: plan.modelInfo } : {}),
          ...(plan.clear.length ? { clear: plan.clear } : {}),
        });
        (deps.index ?? getDeploymentIndex()).refreshAfterWrite({ upsert: [updated] });
        await audit("success", details);
        return { id: d.model_info.id, replacedFrom: null, warnings };
      } catch (error) {
        // The proxy ignored the explicit null; nothing was changed, so re-creating is still safe.
        if (!(isLiteLLMError(error) && error.type === "clear_not_supported")) throw error;
      }
    }
    const created = await replaceDeployment(litellm, d, plan);
    const newId = created.model_info.id;
    (deps.index ?? getDeploymentIndex()).refreshAfterWrite({ upsert: [created], removeIds: [d.model_info.id] });
    await audit("success", { ...details, replaced_by: newId }, d.model_info.id);
    return { id: newId, replacedFrom: d.model_info.id, warnings };
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) throw error;
    await audit("failure", { ...details, error: (error as Error).message });
    throw error;
  }
}

/**
 * LiteLLM keeps a stored value whenever an update sends null (CONTRACT §2.1), so removing rpm, timeout, api_base, …
 * means adding the deployment again without it: first the new one (same alias, so the group keeps serving), then
 * the old one is deleted. Refused when the deployment holds a secret /model/info never returns.
 */
async function replaceDeployment(litellm: LiteLLMClient, d: LiteLLMDeployment, plan: ModelChangePlan): Promise<LiteLLMDeployment> {
  const labels = plan.cleared.map((f) => FIELD_LABELS[f]).join(", ");
  const fieldErrors = Object.fromEntries(plan.cleared.map((f) => [f, [`LiteLLM cannot remove ${FIELD_LABELS[f]} in place.`]]));
  const own = await litellm.credentials.byModel(d.model_info.id).catch(() => null);
  const params = d.litellm_params as Record<string, unknown>;
  const hidden = own ? HIDDEN_SECRET_PARAMS.filter((k) => own.credential_values?.[k] != null && params[k] == null) : HIDDEN_SECRET_PARAMS;
  if (hidden.length > 0) {
    throw new ValidationError(
      `LiteLLM cannot remove ${labels} from this deployment in place, and re-creating it needs its ${hidden.join(", ")}, ` +
        "which LiteLLM never returns. Set a value instead, or delete the deployment and add it again with the wizard.",
      fieldErrors,
    );
  }
  const nextParams: Record<string, unknown> = { ...params, ...plan.set };
  for (const key of plan.clear) delete nextParams[key];
  const info: Record<string, unknown> = {};
  for (const key of OWN_MODEL_INFO_KEYS) if (d.model_info[key] != null) info[key] = d.model_info[key];
  if (params.output_vector_size != null && !plan.clear.includes("output_vector_size")) info.output_vector_size = nextParams.output_vector_size;
  Object.assign(info, plan.modelInfo);
  const created = await litellm.models.create({
    model_name: plan.rename ?? aliasOf(d),
    litellm_params: nextParams as LiteLLMDeployment["litellm_params"] & { model: string },
    model_info: info,
  });
  try {
    await litellm.models.delete(d.model_info.id);
  } catch (error) {
    getDeploymentIndex().refreshAfterWrite({ upsert: [created] });
    throw new UpstreamError(
      `Added the updated deployment ${created.model_info.id}, but LiteLLM did not delete the old one (${d.model_info.id}): ` +
        `${(error as Error).message} Delete it from its page, or the alias keeps both.`,
    );
  }
  return created;
}

// ---------- delete ----------

export interface ModelRemovalPreview {
  id: string;
  alias: string;
  editable: boolean;
  readOnlyReason: string | null;
  findings: Finding[];
  /** A consumer requires this alias and nothing else serves it: deleting needs "force" and a reason. */
  blocked: boolean;
}

export async function previewModelRemoval({ ctx, id }: { ctx: ServiceContext; id: string }, deps: ModelsDeps = {}): Promise<ModelRemovalPreview> {
  requireTier(ctx.user, "admin");
  const litellm = deps.litellm ?? getLiteLLM();
  const d = await findDeployment(litellm, id);
  const editable = isDbModel(d);
  const findings = editable ? await checkModelRemoval({ ctx, input: { deploymentId: id, kind: "delete" }, fresh: true }) : [];
  return { id, alias: aliasOf(d), editable, readOnlyReason: editable ? null : CONFIG_READ_ONLY_REASON, findings, blocked: blocking(findings).length > 0 };
}

export async function deleteModel({ ctx, input }: { ctx: ServiceContext; input: ModelDeleteInput }, deps: ModelsDeps = {}): Promise<{ id: string; alias: string }> {
  requireTier(ctx.user, "admin");
  const litellm = deps.litellm ?? getLiteLLM();
  const d = await findDeployment(litellm, input.id);
  const alias = aliasOf(d);
  const audit = (outcome: "success" | "failure" | "denied", details: Record<string, unknown>) =>
    recordAudit({
      actor: actorOf(ctx),
      action: "model.delete",
      targetType: "model",
      targetId: input.id,
      teamId: stringOrNull(d.model_info.team_id),
      outcome,
      request: ctx.request,
      details: { alias, model: stringOrNull(d.litellm_params.model), ...details },
    });

  if (!isDbModel(d)) throw new ConflictError(`${alias} cannot be deleted here. ${CONFIG_READ_ONLY_REASON}`);
  if (input.confirmAlias.trim() !== alias) {
    throw new ValidationError("The alias you typed does not match.", { confirmAlias: [`Type ${alias} exactly to confirm.`] });
  }
  const blocks = blocking(await checkModelRemoval({ ctx, input: { deploymentId: input.id, kind: "delete" }, fresh: true }));
  if (blocks.length > 0 && !input.force) {
    await audit("denied", { reason: "alias_required", findings: blocks.map((f) => f.rule) });
    throw new AliasCheckError(blocks[0]!.message, blocks, { force: blocks.map((f) => f.message) });
  }
  const reason = (input.forceReason ?? "").trim();
  if (blocks.length > 0 && reason.length < 3) {
    throw new ValidationError("Say why you are forcing this delete.", { forceReason: ["Say why you are forcing this (audited)"] });
  }
  const forced = blocks.length > 0 ? { forced_reason: reason, findings: blocks.map((f) => f.rule) } : {};
  try {
    await litellm.models.delete(input.id);
  } catch (error) {
    await audit("failure", { ...forced, error: (error as Error).message });
    if (isNotFound(error)) throw new NotFoundError(`Deployment ${input.id} no longer exists on LiteLLM.`);
    throw error;
  }
  (deps.index ?? getDeploymentIndex()).refreshAfterWrite({ removeIds: [input.id] });
  await audit("success", forced);
  return { id: input.id, alias };
}
