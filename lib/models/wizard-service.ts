import "server-only";

import { randomUUID } from "node:crypto";

import { z } from "zod";

import type { Finding } from "@/lib/aliases/checks";
import { DeploymentSnapshot, getDeploymentIndex } from "@/lib/deployments/index-store";
import { checkModelCandidate, enforceModelCandidate, type ServiceContext } from "@/lib/aliases/service";
import { forgetModelVerification, verifyEmbeddingDimension, type DimensionVerification } from "@/lib/aliases/verify";
import { recordAudit, type AuditInput } from "@/lib/audit/service";
import { requireTier } from "@/lib/auth/permissions";
import { expectedDimension, lookupModel, modelsForProvider } from "@/lib/catalog/cost-map";
import { isMode, MODES, type Mode } from "@/lib/catalog/modes";
import { parseProviderFields, type ProviderCreateInfo } from "@/lib/catalog/providers";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { getLiteLLM, type CreateModelInput, type LiteLLMClient, type LiteLLMDeployment } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { checkOutboundUrl, type SsrfVerdict } from "@/lib/net/ssrf";

import {
  createModelDraftSchema,
  draftStepSchemas,
  draftWarnings,
  maskSecrets,
  toConfigYaml,
  toLiteLLMDeployment,
  type ModelDraft,
} from "./draft-schema";
import { allFlows, getFlow, isEnvRef, resolveModelName, type ProviderFlow } from "./provider-flows";
import { customAuthHeaderOf, headerCredentialNameFor } from "./draft-schema";
import { recordConnectionCheck, verifyTestReceipt } from "./connection-checks";

/**
 * The Add Model wizard's server side: the provider catalogue (live /public/providers/fields, else the
 * bundled snapshot), per-step validation with the shared draft schema, cost-map hints, the review preview,
 * the SSRF guard on the final api_base, and save (alias checks → /model/new → audit → dimension check).
 */

// ---------- dependencies (swappable in tests) ----------

export interface WizardDeps {
  litellm: Pick<LiteLLMClient, "models" | "credentials" | "teams">;
  checkApiBase(raw: string): Promise<SsrfVerdict>;
  providerFields(): Promise<ProviderCreateInfo[] | undefined>;
  audit(input: AuditInput): Promise<void>;
  /** This replica's deployment index (never a whole /model/info download). */
  deployments(): Promise<DeploymentSnapshot>;
}

export function defaultWizardDeps(): WizardDeps {
  return {
    litellm: getLiteLLM(),
    checkApiBase: (raw) => checkOutboundUrl(raw),
    providerFields: liveProviderFields,
    audit: recordAudit,
    deployments: () => getDeploymentIndex().snapshot(),
  };
}

const PROVIDER_FIELDS_TTL_MS = 5 * 60_000;
let providerFieldsCache: { value: ProviderCreateInfo[] | undefined; until: number } | undefined;

/** The connected proxy's provider list (cached 5 min); undefined → callers use the bundled snapshot. */
export async function liveProviderFields(): Promise<ProviderCreateInfo[] | undefined> {
  if (providerFieldsCache && providerFieldsCache.until > Date.now()) return providerFieldsCache.value;
  let value: ProviderCreateInfo[] | undefined;
  try {
    const parsed = parseProviderFields(await getLiteLLM().public.providerFields());
    value = parsed.length > 0 ? parsed : undefined;
  } catch (error) {
    logger.warn("models.wizard.provider_fields_unavailable", { error: (error as Error).message });
    value = undefined;
  }
  // A failure is retried sooner than a success is refreshed.
  providerFieldsCache = { value, until: Date.now() + (value ? PROVIDER_FIELDS_TTL_MS : 15_000) };
  return value;
}

// ---------- the catalogue the page passes to the client ----------

/** A flow without its validate() function: what a server component may hand to the client. */
export type FlowDescriptor = Omit<ProviderFlow, "validate">;

export function describeFlow(flow: ProviderFlow): FlowDescriptor {
  const { validate: _validate, ...rest } = flow;
  return JSON.parse(JSON.stringify(rest)) as FlowDescriptor;
}

export interface CredentialOption {
  name: string;
  provider?: string;
  description?: string;
}

export interface TeamOption {
  id: string;
  alias?: string;
}

export interface WizardCatalog {
  flows: FlowDescriptor[];
  providerSource: "live" | "snapshot";
  credentials: CredentialOption[];
  teams: TeamOption[];
  testTimeoutSeconds: number;
  /** Things that could not be loaded; the wizard still works without them. */
  notices: string[];
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export async function loadWizardCatalog({ ctx, deps = defaultWizardDeps() }: { ctx: ServiceContext; deps?: WizardDeps }): Promise<WizardCatalog> {
  requireTier(ctx.user, "admin");
  const notices: string[] = [];
  const [live, credentials, teams] = await Promise.all([
    deps.providerFields(),
    deps.litellm.credentials.list().catch((error: unknown) => {
      notices.push(`Named credentials could not be loaded (${(error as Error).message}); you can still enter credentials here.`);
      return [];
    }),
    deps.litellm.teams.list().catch((error: unknown) => {
      notices.push(`Teams could not be loaded (${(error as Error).message}); type a team ID if you need one.`);
      return [];
    }),
  ]);
  if (!live) notices.push("The connected LiteLLM did not list its providers; showing Gatehouse's bundled provider list.");
  return {
    flows: allFlows(live).map(describeFlow),
    providerSource: live ? "live" : "snapshot",
    credentials: credentials
      .map((c) => {
        const info = (c.credential_info ?? {}) as Record<string, unknown>;
        const option: CredentialOption = { name: c.credential_name };
        const provider = text(info.custom_llm_provider);
        const description = text(info.description);
        if (provider) option.provider = provider;
        if (description) option.description = description;
        return option;
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    teams: teams
      .map((t) => {
        const option: TeamOption = { id: t.team_id };
        if (t.team_alias) option.alias = t.team_alias;
        return option;
      })
      .sort((a, b) => (a.alias ?? a.id).localeCompare(b.alias ?? b.id)),
    testTimeoutSeconds: Math.round(getEnv().LITELLM_TEST_CONNECT_TIMEOUT_MS / 1000),
    notices,
  };
}

// ---------- parsing and the SSRF guard ----------

/** zod issues → { "params.api_base": [...] } (the same shape safe actions return). */
export function fieldErrorsFrom(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_form"] ??= []).push(issue.message);
  return out;
}

export interface ParsedDraft {
  draft: ModelDraft;
  flow: ProviderFlow;
}

/** The full draft schema (with the proxy's live provider list), as the save and Test Connect actions use it. */
export function parseDraft(values: unknown, live: ProviderCreateInfo[] | undefined): ParsedDraft {
  const parsed = createModelDraftSchema(live).safeParse(values);
  if (!parsed.success) throw new ValidationError("Some fields need attention.", fieldErrorsFrom(parsed.error));
  const flow = getFlow(parsed.data.providerFlowId, live);
  if (!flow) throw new ValidationError("Choose a provider from the list.", { providerFlowId: ["Choose a provider from the list"] });
  return { draft: parsed.data, flow };
}

/** api_base as LiteLLM will receive it: Advanced JSON and default parameters are merged in last. */
export function finalApiBase(deployment: { litellm_params: Record<string, unknown> }): string | undefined {
  const value = deployment.litellm_params.api_base;
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** Which form field a refusal belongs on: the API base field, unless the value came from JSON. */
export function apiBaseErrorPath(draft: { params: Record<string, string>; advancedJson?: string; defaultParams?: string }, apiBase: string): string {
  if (draft.params.api_base?.trim() === apiBase) return "params.api_base";
  const fromJson = (t?: string) => {
    if (!t) return false;
    try {
      return (JSON.parse(t) as Record<string, unknown>).api_base === apiBase;
    } catch {
      return false;
    }
  };
  if (fromJson(draft.advancedJson)) return "advancedJson";
  if (fromJson(draft.defaultParams)) return "defaultParams";
  return "params.api_base";
}

export class ApiBaseRefusedError extends ValidationError {
  constructor(
    readonly verdict: Extract<SsrfVerdict, { ok: false }>,
    path: string,
  ) {
    super(`Refused before any request was sent: ${verdict.reason}`, { [path]: [verdict.reason] });
  }
}

/**
 * The SSRF guard on the final api_base (design/auth.md §7), which it REPLACES in `deployment.litellm_params` with
 * the normalised URL that was checked: only that form is sent on. os.environ/ references are resolved by LiteLLM
 * from its own environment and cannot be checked here; Test Connect refuses them separately.
 */
export async function guardApiBase(
  deployment: { litellm_params: Record<string, unknown> },
  draft: { params: Record<string, string>; advancedJson?: string; defaultParams?: string },
  check: (raw: string) => Promise<SsrfVerdict>,
): Promise<{ apiBase?: string; host?: string }> {
  const apiBase = finalApiBase(deployment);
  if (!apiBase || isEnvRef(apiBase)) return { apiBase };
  const verdict = await check(apiBase);
  if (!verdict.ok) throw new ApiBaseRefusedError(verdict, apiBaseErrorPath(draft, apiBase));
  deployment.litellm_params.api_base = verdict.normalised;
  return { apiBase: verdict.normalised, host: verdict.url.host };
}

/** host[:port] of a URL, or a description when there is none (host only ever goes to audit rows). */
export function hostOf(apiBase: string | undefined, flow?: Pick<ProviderFlow, "litellmProvider">): string {
  if (!apiBase) return flow ? `${flow.litellmProvider} default endpoint` : "provider default endpoint";
  if (isEnvRef(apiBase)) return apiBase;
  try {
    return new URL(apiBase).host;
  } catch {
    return "invalid URL";
  }
}

// ---------- per-step validation (the client form's resolver calls this) ----------

export const wizardSteps = ["provider", "model", "connection", "limits", "review"] as const;
export type WizardValidationStep = (typeof wizardSteps)[number];

export const validateDraftStepSchema = z.object({ step: z.enum(wizardSteps), values: z.record(z.string(), z.unknown()) });
export type ValidateDraftStepInput = z.infer<typeof validateDraftStepSchema>;

export interface StepValidation {
  fieldErrors: Record<string, string[]>;
  /** Non-blocking advice for the step's fields (e.g. "usually ends in /v1"). */
  warnings: { path: string; message: string }[];
}

export async function validateDraftStep({
  ctx,
  input,
  deps = defaultWizardDeps(),
}: {
  ctx: ServiceContext;
  input: ValidateDraftStepInput;
  deps?: WizardDeps;
}): Promise<StepValidation> {
  requireTier(ctx.user, "admin");
  const { step, values } = input;
  const live = step === "review" || step === "limits" ? await deps.providerFields() : undefined;
  const schema = step === "review" ? createModelDraftSchema(live) : draftStepSchemas[step];
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error), warnings: [] };

  const flowId = typeof values.providerFlowId === "string" ? values.providerFlowId : undefined;
  const flow = flowId ? getFlow(flowId, live ?? (await deps.providerFields())) : undefined;
  const stepFields: Record<WizardValidationStep, string[]> = {
    provider: ["providerFlowId"],
    model: ["alias", "upstreamModel", "mode"],
    connection: ["params", "customAuthHeader", "credentialName"],
    limits: ["limits", "pricing", "defaultParams", "advancedJson"],
    review: [],
  };
  const warnings = (flow ? draftWarnings(values as Partial<ModelDraft>, flow) : [])
    .filter((w) => step === "review" || stepFields[step].includes(w.path[0]!))
    .map((w) => ({ path: w.path.join("."), message: w.message }));

  try {
    if (step === "connection") {
      const params = (parsed.data as unknown as { params: Record<string, string> }).params;
      const draftLike = { params, advancedJson: undefined, defaultParams: undefined };
      await guardApiBase({ litellm_params: { api_base: params.api_base } }, draftLike, deps.checkApiBase);
    } else if (step === "limits" || step === "review") {
      // The final api_base only exists once every step parses; earlier steps were validated already.
      const full = step === "review" ? parsed : createModelDraftSchema(live).safeParse(values);
      if (full.success && flow) {
        const draft = full.data as ModelDraft;
        await guardApiBase(toLiteLLMDeployment(draft, { modelId: "preview", flow }), draft, deps.checkApiBase);
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) return { fieldErrors: error.fieldErrors, warnings };
    throw error;
  }
  return { fieldErrors: {}, warnings };
}

// ---------- cost-map hints ----------

export const modelHintsSchema = z.object({
  providerFlowId: z.string().trim().min(1).max(200),
  mode: z.enum(MODES).optional(),
  upstreamModel: z.string().trim().max(500).optional(),
  baseModel: z.string().trim().max(500).optional(),
});
export type ModelHintsInput = z.infer<typeof modelHintsSchema>;

export interface ModelSuggestionOption {
  upstreamModel: string;
  mode: string;
  outputVectorSize?: number;
}

export interface ModelDefaults {
  /** The cost-map key the defaults came from. */
  source: string;
  mode?: Mode;
  inputCostPerToken?: number;
  outputCostPerToken?: number;
  outputVectorSize?: number;
  supportsShortening: boolean;
}

export interface ModelHints {
  suggestions: ModelSuggestionOption[];
  defaults?: ModelDefaults;
}

const MAX_SUGGESTIONS = 300;

export async function modelHints({
  ctx,
  input,
  deps = defaultWizardDeps(),
}: {
  ctx: ServiceContext;
  input: ModelHintsInput;
  deps?: WizardDeps;
}): Promise<ModelHints> {
  requireTier(ctx.user, "admin");
  const flow = getFlow(input.providerFlowId, await deps.providerFields());
  if (!flow) return { suggestions: [] };
  const suggestions = modelsForProvider(flow.litellmProvider)
    .filter((s) => isMode(s.mode))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => ({
      upstreamModel: s.upstreamModel,
      mode: s.mode,
      ...(s.outputVectorSize ? { outputVectorSize: s.outputVectorSize } : {}),
    }));
  const upstream = input.upstreamModel?.trim();
  if (!upstream) return { suggestions };
  const resolved = resolveModelName(flow, upstream, input.mode);
  const entry =
    lookupModel(resolved, { provider: flow.litellmProvider }) ??
    lookupModel(upstream, { provider: flow.litellmProvider }) ??
    (input.baseModel ? lookupModel(input.baseModel) : undefined);
  const dimension = expectedDimension(resolved, { provider: flow.litellmProvider, ...(input.baseModel ? { baseModel: input.baseModel } : {}) });
  if (!entry && !dimension.nativeSize) return { suggestions };
  const defaults: ModelDefaults = { source: entry?.key ?? resolved, supportsShortening: dimension.supportsShortening };
  if (entry && isMode(entry.mode)) defaults.mode = entry.mode;
  if (typeof entry?.input_cost_per_token === "number") defaults.inputCostPerToken = entry.input_cost_per_token;
  if (typeof entry?.output_cost_per_token === "number") defaults.outputCostPerToken = entry.output_cost_per_token;
  if (dimension.nativeSize && (defaults.mode ?? input.mode) === "embedding") defaults.outputVectorSize = dimension.nativeSize;
  return { suggestions, defaults };
}

// ---------- alias checks ----------

/** The deployment the alias rules judge, built the same way for the live check and the save. */
export function candidateFor(draft: Pick<ModelDraft, "alias" | "mode" | "upstreamModel" | "outputVectorSize" | "dimensions" | "teamId">, flow: ProviderFlow) {
  return {
    alias: draft.alias.trim(),
    mode: draft.mode,
    baseModel: resolveModelName(flow, draft.upstreamModel, draft.mode),
    ...(draft.mode === "embedding" && draft.outputVectorSize !== undefined ? { outputVectorSize: draft.outputVectorSize } : {}),
    ...(draft.mode === "embedding" && draft.dimensions !== undefined ? { dimensions: draft.dimensions } : {}),
    ...(draft.teamId ? { teamId: draft.teamId } : {}),
  };
}

export const checkDraftCandidateSchema = z.object({ values: z.record(z.string(), z.unknown()) });

/** The live check while the operator types: parses just the model step and asks the alias rules. */
export async function checkDraftCandidate({
  ctx,
  input,
  deps = defaultWizardDeps(),
}: {
  ctx: ServiceContext;
  input: z.infer<typeof checkDraftCandidateSchema>;
  deps?: WizardDeps;
}): Promise<Finding[]> {
  requireTier(ctx.user, "admin");
  const parsed = draftStepSchemas.model.safeParse(input.values);
  if (!parsed.success) {
    // Judge what there is: an alias and a mode are enough for most rules.
    const alias = typeof input.values.alias === "string" ? input.values.alias.trim() : "";
    const mode = input.values.mode;
    if (!alias || !isMode(mode)) return [];
  }
  const values = input.values as Partial<ModelDraft>;
  const flow = typeof values.providerFlowId === "string" ? getFlow(values.providerFlowId, await deps.providerFields()) : undefined;
  const data = parsed.success ? (parsed.data as Partial<ModelDraft>) : values;
  const draftLike = {
    alias: String(data.alias ?? ""),
    mode: data.mode as Mode,
    upstreamModel: String(data.upstreamModel ?? ""),
    outputVectorSize: typeof data.outputVectorSize === "number" ? data.outputVectorSize : undefined,
    dimensions: typeof data.dimensions === "number" ? data.dimensions : undefined,
    teamId: typeof values.teamId === "string" && values.teamId.trim() ? values.teamId.trim() : undefined,
  };
  const candidate = flow
    ? candidateFor(draftLike, flow)
    : { alias: draftLike.alias, mode: draftLike.mode, baseModel: draftLike.upstreamModel };
  return checkModelCandidate({ ctx, input: candidate });
}

// ---------- review ----------

export const draftInputSchema = z.object({ draft: z.record(z.string(), z.unknown()) });

export interface DraftPreview {
  /** Exactly what /model/new receives, secrets masked (model_info.id is chosen at save). */
  request: { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> };
  configYaml: string;
  warnings: { path: string; message: string }[];
  /** Deployments already serving this public name (a save adds to that load-balancing group). */
  groupSize: number;
  /** How the draft's secrets will be stored, in plain words (e.g. the custom auth header's credential). */
  notes: string[];
  providerLabel: string;
}

export async function previewDraft({
  ctx,
  input,
  deps = defaultWizardDeps(),
}: {
  ctx: ServiceContext;
  input: z.infer<typeof draftInputSchema>;
  deps?: WizardDeps;
}): Promise<DraftPreview> {
  requireTier(ctx.user, "admin");
  const { draft, flow } = parseDraft(input.draft, await deps.providerFields());
  const header = customAuthHeaderOf(draft, flow);
  const deployment = toLiteLLMDeployment(draft, {
    modelId: "(chosen when saved)",
    flow,
    ...(header ? { headerCredentialName: headerCredentialNameFor(draft.alias, null) } : {}),
  });
  const existing = await deps.deployments().catch(() => DeploymentSnapshot.empty());
  const notes = header
    ? [
        `The ${header.name} header (with the key) is stored in a LiteLLM credential created on save, ${headerCredentialNameFor(draft.alias, null)} (<id> = the first 8 characters of the new deployment's id), which LiteLLM adds to every call of this deployment. It is not put in extra_headers: /model/info returns those unmasked to anyone who may list models.`,
      ]
    : [];
  return {
    notes,
    request: { model_name: deployment.model_name, litellm_params: maskSecrets(deployment.litellm_params), model_info: deployment.model_info },
    configYaml: toConfigYaml(draft, { flow }),
    warnings: draftWarnings(draft, flow).map((w) => ({ path: w.path.join("."), message: w.message })),
    groupSize: existing.byAlias(draft.alias).filter((d) => d.modelName === draft.alias && (d.teamId ?? undefined) === draft.teamId).length,
    providerLabel: flow.label,
  };
}

// ---------- save ----------

export const saveWizardModelSchema = z.object({
  draft: z.record(z.string(), z.unknown()),
  confirmedGroupJoin: z.boolean().optional(),
  /** The receipt of this draft's Test Connect: recorded as the new deployment's health when it matches the draft. */
  testReceipt: z.unknown().optional(),
});
export type SaveWizardModelInput = z.infer<typeof saveWizardModelSchema>;

export interface SavedWizardModel {
  modelId: string;
  alias: string;
  litellmModel: string;
  mode: Mode;
  /** Deployments serving the alias after this save (>1 = a load-balancing group). */
  groupSize: number;
  /** Non-blocking alias findings the operator should still read. */
  warnings: Finding[];
  verification?: DimensionVerification;
}

export interface SaveDeps extends WizardDeps {
  enforceCandidate: typeof enforceModelCandidate;
  verifyDimension: (args: { ctx: ServiceContext; modelId: string }) => Promise<DimensionVerification>;
  /** Makes this replica's write visible at once (deployment index and alias checks). */
  invalidateIndex: (write: { upsert?: LiteLLMDeployment[]; removeIds?: string[] }) => DeploymentSnapshot | null | void;
  forgetVerification: (modelId: string) => Promise<void>;
  /** Records a Test Connect result for a deployment (default: the model_connection_checks table). */
  recordCheck?: typeof recordConnectionCheck;
  /** Verifies Test Connect receipts (default: derived from AUTH_SECRET); without it receipts are ignored. */
  receiptSecret?: () => string;
}

export function defaultSaveDeps(): SaveDeps {
  return {
    ...defaultWizardDeps(),
    enforceCandidate: enforceModelCandidate,
    verifyDimension: ({ ctx, modelId }) => verifyEmbeddingDimension({ ctx, modelId }),
    invalidateIndex: (write) => getDeploymentIndex().refreshAfterWrite(write),
    forgetVerification: forgetModelVerification,
    recordCheck: recordConnectionCheck,
    // Read when a receipt is checked, not when the deps are made (callers without the full environment save too).
    receiptSecret: () => getEnv().AUTH_SECRET,
  };
}

/**
 * Save: the shared schema again (the client is never trusted), the SSRF guard on the final api_base, the
 * authoritative alias checks (block → refused with the findings; a group join → needs_confirmation),
 * POST /model/new with a client-chosen id, the audit row, then the dimension check for embeddings.
 */
export async function saveWizardModel({
  ctx,
  input,
  deps = defaultSaveDeps(),
}: {
  ctx: ServiceContext;
  input: SaveWizardModelInput;
  deps?: SaveDeps;
}): Promise<SavedWizardModel> {
  requireTier(ctx.user, "admin");
  const { draft, flow } = parseDraft(input.draft, await deps.providerFields());
  const modelId = randomUUID();
  const header = customAuthHeaderOf(draft, flow);
  const headerCredential = header ? headerCredentialNameFor(draft.alias, modelId) : undefined;
  const deployment = toLiteLLMDeployment(draft, { modelId, flow, ...(headerCredential ? { headerCredentialName: headerCredential } : {}) });
  const { apiBase } = await guardApiBase(deployment, draft, deps.checkApiBase);
  // What Test Connect sent for this draft: the header inline instead of the credential that will hold it.
  const testedParams = header ? toLiteLLMDeployment(draft, { modelId, flow }).litellm_params : deployment.litellm_params;
  if (header && deployment.litellm_params.api_base !== undefined) testedParams.api_base = deployment.litellm_params.api_base;
  // A Test Connect of exactly this draft (same mode, same litellm_params — key and endpoint included) becomes the
  // deployment's first health record; a receipt for anything else is ignored.
  const receipt =
    input.testReceipt === undefined || !deps.receiptSecret
      ? null
      : verifyTestReceipt(input.testReceipt, { mode: draft.mode, litellmParams: testedParams }, { secret: deps.receiptSecret() });

  const findings = await deps.enforceCandidate({
    ctx,
    input: { ...candidateFor(draft, flow), confirmedGroupJoin: input.confirmedGroupJoin === true },
  });

  const actor = { provider: ctx.user.provider, username: ctx.user.username };
  const details = {
    alias: draft.alias,
    provider: flow.litellmProvider,
    model: deployment.litellm_params.model,
    mode: draft.mode,
    host: hostOf(apiBase, flow),
    credential: draft.credentialMode === "named" ? (draft.credentialName ?? null) : "inline",
    groupJoin: input.confirmedGroupJoin === true,
    ...(headerCredential && header ? { authHeader: { name: header.name, credential: headerCredential } } : {}),
  };
  const auditCreateFailure = (error: string) =>
    deps.audit({
      actor,
      action: "model.create",
      targetType: "model",
      targetId: modelId,
      teamId: draft.teamId ?? null,
      outcome: "failure",
      request: ctx.request,
      details: { ...details, error },
    });
  if (headerCredential && header) {
    try {
      // The header (key included) goes into its own credential: LiteLLM merges a credential's values into each call,
      // and never returns them from /model/info, unlike the deployment's extra_headers.
      await deps.litellm.credentials.create({
        credential_name: headerCredential,
        credential_info: {
          custom_llm_provider: flow.litellmProvider,
          description: `${header.name} header for ${draft.alias} (Add Model wizard)`,
          gatehouse_purpose: "custom_auth_header",
        },
        credential_values: { extra_headers: { [header.name]: header.value } },
      });
    } catch (error) {
      await auditCreateFailure(`The credential for the ${header.name} header could not be created: ${(error as Error).message}`);
      throw error;
    }
  }
  let saved;
  try {
    // The client parses it again with LiteLLM's Deployment schema; the draft's modes are a subset of LiteLLM's.
    saved = await deps.litellm.models.create(deployment as unknown as CreateModelInput);
  } catch (error) {
    await auditCreateFailure((error as Error).message);
    // Nothing half-written: the header's credential goes again when the deployment was not created.
    if (headerCredential) await deps.litellm.credentials.delete(headerCredential).catch(() => undefined);
    throw error;
  }
  const afterWrite = deps.invalidateIndex({ upsert: [saved] });
  const savedId = saved.model_info.id;
  await deps.audit({
    actor,
    action: "model.create",
    targetType: "model",
    targetId: savedId,
    teamId: draft.teamId ?? null,
    outcome: "success",
    request: ctx.request,
    details,
  });

  if (receipt?.ok && deps.recordCheck) {
    const { at, ...facts } = receipt.facts;
    await deps.recordCheck({ deploymentId: savedId, ...facts, checkedAt: at, checkedBy: ctx.user.username });
  } else if (receipt && !receipt.ok) {
    logger.info("models.test_receipt_ignored", { alias: draft.alias, reason: receipt.reason });
  }

  const group = afterWrite ? afterWrite.byAlias(draft.alias).filter((d) => d.modelName === saved.model_name).length : 1;
  const result: SavedWizardModel = {
    modelId: savedId,
    alias: draft.alias,
    litellmModel: String(deployment.litellm_params.model),
    mode: draft.mode,
    groupSize: Math.max(1, group),
    warnings: findings.filter((f) => f.severity === "warn"),
  };
  if (draft.mode === "embedding") {
    try {
      result.verification = await deps.verifyDimension({ ctx, modelId: savedId });
    } catch (error) {
      result.verification = {
        status: "failed",
        ...(draft.outputVectorSize !== undefined ? { expected: draft.outputVectorSize } : {}),
        message: `The dimension check could not run: ${(error as Error).message}`,
        checkedAt: new Date().toISOString(),
      };
    }
  }
  return result;
}

// ---------- roll back ----------

export const rollbackWizardModelSchema = z.object({ modelId: z.string().trim().min(1).max(200) });

/** "Roll back (delete this deployment)" after a failed dimension check: delete, forget, audit. */
export async function rollbackWizardModel({
  ctx,
  input,
  deps = defaultSaveDeps(),
}: {
  ctx: ServiceContext;
  input: z.infer<typeof rollbackWizardModelSchema>;
  deps?: SaveDeps;
}): Promise<{ deleted: string }> {
  requireTier(ctx.user, "admin");
  const existing = await deps.litellm.models.find(input.modelId);
  const actor = { provider: ctx.user.provider, username: ctx.user.username };
  try {
    await deps.litellm.models.delete(input.modelId);
  } catch (error) {
    await deps.audit({
      actor,
      action: "model.delete",
      targetType: "model",
      targetId: input.modelId,
      outcome: "failure",
      request: ctx.request,
      details: { reason: "wizard rollback", alias: existing?.model_name ?? null, error: (error as Error).message },
    });
    throw error;
  }
  deps.invalidateIndex({ removeIds: [input.modelId] });
  await deps.forgetVerification(input.modelId).catch(() => undefined);
  await deps.audit({
    actor,
    action: "model.delete",
    targetType: "model",
    targetId: input.modelId,
    teamId: text(existing?.model_info.team_id) ?? null,
    outcome: "success",
    request: ctx.request,
    details: { reason: "wizard rollback", alias: existing?.model_name ?? null },
  });
  return { deleted: input.modelId };
}
