import "server-only";

import { randomUUID } from "node:crypto";

import { currentAuditRequestId, recordAudit } from "@/lib/audit/service";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { isAdmin, teamRole } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from "@/lib/errors";
import { allowingEntry } from "@/lib/explain/checks";
import { getDeploymentIndex } from "@/lib/deployments/index-store";
import { getLiteLLM, isLiteLLMError, isOutcomeUnknown, type GeneratedKey, type LiteLLMClient } from "@/lib/litellm";
import type { ChatStreamEvent, DataPlaneAnswer } from "@/lib/litellm/data-plane";
import type { LiteLLMDeployment } from "@/lib/litellm/schemas/models";
import { logger } from "@/lib/logger";
import { minutesUntilFree, recentHits, recordHit } from "@/lib/rate-limit";
import { redact } from "@/lib/redact";

import { PLAYGROUND_LIMITS, type ChatRequest, type EmbeddingRequest } from "./schemas";
import { playgroundKeyAlias } from "./temp-key";

/** The temporary key's limits: that model only, 10 minutes, a few cents. */
export const PLAYGROUND_KEY_BUDGET = 0.05;
export const PLAYGROUND_KEY_DURATION = "10m";
const WINDOW_MS = 60_000;

export const SUPPORTED_MODES = ["chat", "embedding"] as const;
export type PlaygroundMode = (typeof SUPPORTED_MODES)[number];

export interface PlaygroundContext {
  user: SessionUser;
  request?: RequestMeta;
}

export interface PlaygroundDeps {
  litellm: LiteLLMClient;
  now: () => number;
}

function resolveDeps(deps?: Partial<PlaygroundDeps>): PlaygroundDeps {
  return { litellm: deps?.litellm ?? getLiteLLM(), now: deps?.now ?? Date.now };
}

export interface PlaygroundModelOption {
  name: string;
  mode: string;
  supported: boolean;
  /** Members: the teams of theirs whose models include it (their temporary key belongs to one of them). */
  teams: { teamId: string; name: string }[];
}

export interface ResolvedModel {
  name: string;
  mode: string;
  deployments: number;
  /** The embedding dimension the deployments declare, when they agree on one. */
  declaredDimension: number | null;
  inputCostPerToken: number | null;
  outputCostPerToken: number | null;
  /** The team the temporary key belongs to (and whose budget it counts against), or null for an admin's own call. */
  team: { teamId: string; name: string } | null;
}

function publicName(d: LiteLLMDeployment): string {
  return d.model_info.team_public_model_name ?? d.model_name;
}

function positiveInt(value: unknown): number | null {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The teams a member may try a model through: theirs, whose LiteLLM `models` allow it (empty = every model). */
async function teamsAllowing(
  litellm: LiteLLMClient,
  user: SessionUser,
  model: string | null,
): Promise<{ teamId: string; name: string; models: string[] }[]> {
  const infos = await Promise.all(
    user.teams.map((t) =>
      litellm.teams.info(t.teamId).then(
        (info) => ({ teamId: t.teamId, name: info.team_info.team_alias ?? t.teamId, models: info.team_info.models ?? [] }),
        () => null,
      ),
    ),
  );
  return infos.filter(
    (t): t is NonNullable<typeof t> => t !== null && (model === null || allowingEntry(t.models, model, new Map(), null) !== null),
  );
}

/** Public model names the person may try, with their mode (from the deployment index, plus the member's teams). */
export async function listPlaygroundModels({
  user,
  deps,
}: {
  user: SessionUser;
  deps?: Partial<PlaygroundDeps>;
}): Promise<PlaygroundModelOption[]> {
  const { litellm } = resolveDeps(deps);
  // Model groups as /model_group/info names them (public name, unblocked deployments), without downloading it per view.
  const groups = playgroundGroups(await getDeploymentIndex().snapshot());
  const platform = user.role === "admin" || user.role === "viewer";
  const teams = platform ? [] : await teamsAllowing(litellm, user, null);
  const options: PlaygroundModelOption[] = [];
  for (const group of groups) {
    const mode = group.mode ?? "chat";
    const allowed = platform ? [] : teams.filter((t) => allowingEntry(t.models, group.model_group, new Map(), null) !== null);
    if (!platform && allowed.length === 0) continue;
    options.push({
      name: group.model_group,
      mode,
      supported: (SUPPORTED_MODES as readonly string[]).includes(mode),
      teams: allowed.map(({ teamId, name }) => ({ teamId, name })),
    });
  }
  return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** The model picker gets this many names at a time (20,000 names would be ~1 MB of page); the rest by search. */
export const PLAYGROUND_PICKER_LIMIT = 50;

export interface PlaygroundModelChoices {
  /** At most `limit` options, by name; the one asked for first when it exists and is allowed. */
  options: PlaygroundModelOption[];
  /** More models match than were sent: the picker says "type to find the others". */
  more: boolean;
}

/**
 * The picker's options: the first `limit` public names matching `q` (case-insensitive substring) that the person may
 * try, from the deployment index — a scan that stops once `limit + 1` are found, and one team lookup per member team.
 */
export async function findPlaygroundModels({
  user,
  q,
  include,
  limit = PLAYGROUND_PICKER_LIMIT,
  deps,
}: {
  user: SessionUser;
  q?: string | null;
  /** A model named in the URL: included even when outside the first page. */
  include?: string | null;
  limit?: number;
  deps?: Partial<PlaygroundDeps>;
}): Promise<PlaygroundModelChoices> {
  const { litellm } = resolveDeps(deps);
  const snapshot = await getDeploymentIndex().snapshot();
  const groups = playgroundGroups(snapshot);
  const platform = user.role === "admin" || user.role === "viewer";
  const teams = platform ? [] : await teamsAllowing(litellm, user, null);
  const toOption = (group: { model_group: string; mode: string | null }): PlaygroundModelOption | null => {
    const mode = group.mode ?? "chat";
    const allowed = platform ? [] : teams.filter((t) => allowingEntry(t.models, group.model_group, new Map(), null) !== null);
    if (!platform && allowed.length === 0) return null;
    return {
      name: group.model_group,
      mode,
      supported: (SUPPORTED_MODES as readonly string[]).includes(mode),
      teams: allowed.map(({ teamId, name }) => ({ teamId, name })),
    };
  };
  const needle = q?.trim().toLowerCase() || null;
  const options: PlaygroundModelOption[] = [];
  let more = false;
  const asked = include ? groups.find((g) => g.model_group === include) : undefined;
  const askedOption = asked ? toOption(asked) : null;
  if (askedOption && (!needle || askedOption.name.toLowerCase().includes(needle))) options.push(askedOption);
  for (const group of groups) {
    if (group.model_group === askedOption?.name) continue;
    if (needle && !group.model_group.toLowerCase().includes(needle)) continue;
    const option = toOption(group);
    if (!option) continue;
    if (options.length >= limit) {
      more = true;
      break;
    }
    options.push(option);
  }
  return { options, more };
}

/** The picker's search action: the page's rules (viewers make no calls, so they get no picker). */
export async function searchPlaygroundModels({ ctx, q, deps }: { ctx: PlaygroundContext; q: string; deps?: Partial<PlaygroundDeps> }) {
  if (ctx.user.role === "viewer") throw new ForbiddenError("Viewers can read the console but not call models. Ask an admin or a team admin.");
  return findPlaygroundModels({ user: ctx.user, q, deps });
}

function playgroundGroups(snapshot: Awaited<ReturnType<ReturnType<typeof getDeploymentIndex>["snapshot"]>>) {
  return snapshot.memo("playground.groups", (s) => {
    const modes = new Map<string, string | null>();
    for (const d of s.sorted("alias", "asc")) if (!d.blocked && !modes.has(d.alias)) modes.set(d.alias, d.mode);
    return [...modes].map(([model_group, mode]) => ({ model_group, mode }));
  });
}

/**
 * Who may try what: admins any model (a key of no team, or of a team they pick); members only their team's models,
 * through a temporary key of that team. Viewers read the console but make no calls.
 */
export async function resolvePlaygroundModel({
  ctx,
  model,
  teamId,
  expectMode,
  deps,
}: {
  ctx: PlaygroundContext;
  model: string;
  teamId?: string | null;
  expectMode?: PlaygroundMode;
  deps?: Partial<PlaygroundDeps>;
}): Promise<ResolvedModel> {
  const { litellm } = resolveDeps(deps);
  const user = ctx.user;
  if (user.role === "viewer") throw new ForbiddenError("Viewers can read the console but not call models. Ask an admin or a team admin.");
  let team: ResolvedModel["team"] = null;
  if (!isAdmin(user)) {
    if (!teamId) {
      const options = await teamsAllowing(litellm, user, model);
      if (options.length === 0) {
        const mine = user.teams.map((t) => t.teamId).join(", ") || "none";
        throw new ForbiddenError(
          `None of your teams (${mine}) may use ${model}: it is not in their models. Ask a team admin to add it, or pick one of your team's models.`,
        );
      }
      team = { teamId: options[0]!.teamId, name: options[0]!.name };
    } else {
      if (!teamRole(user, teamId)) throw new ForbiddenError(`You are not a member of team ${teamId}.`);
      const [own] = (await teamsAllowing(litellm, { ...user, teams: user.teams.filter((t) => t.teamId === teamId) }, null)) ?? [];
      if (!own) throw new NotFoundError(`Team ${teamId} was not found in LiteLLM.`);
      if (allowingEntry(own.models, model, new Map(), null) === null) {
        throw new ForbiddenError(
          `Team ${own.name} may not use ${model}: its models are ${own.models.join(", ")}. Ask a team admin to add it.`,
        );
      }
      team = { teamId, name: own.name };
    }
  } else if (teamId) {
    const info = await litellm.teams.info(teamId).catch(() => null);
    if (!info) throw new NotFoundError(`Team ${teamId} was not found in LiteLLM.`);
    team = { teamId, name: info.team_info.team_alias ?? teamId };
  }

  const page = await litellm.models.listPage({ search: model, size: 200 });
  const deployments = page.data.filter((d) => publicName(d) === model && (d.model_info as Record<string, unknown>).blocked !== true);
  if (deployments.length === 0)
    throw new NotFoundError(`LiteLLM has no model named ${model} to route to (it may have been deleted or blocked).`);
  const modes = new Set(deployments.map((d) => d.model_info.mode ?? "chat"));
  const mode = modes.size === 1 ? [...modes][0]! : (deployments[0]!.model_info.mode ?? "chat");
  if (!(SUPPORTED_MODES as readonly string[]).includes(mode)) {
    throw new ValidationError(
      `${model} is a ${mode} model. The playground tries chat and embedding models; ${mode} is not supported here.`,
      {
        model: [`${mode} models are not supported in the playground.`],
      },
    );
  }
  if (expectMode && mode !== expectMode) {
    throw new ValidationError(`${model} is a ${mode} model, not ${expectMode === "chat" ? "a chat" : "an embedding"} model.`, {
      model: [`Not supported by this model: it is a ${mode} model.`],
    });
  }
  const dims = new Set(
    deployments
      .map(
        (d) =>
          positiveInt((d.litellm_params as Record<string, unknown>).output_vector_size) ??
          positiveInt((d.model_info as Record<string, unknown>).output_vector_size),
      )
      .filter((n): n is number => n !== null),
  );
  const info = deployments[0]!.model_info as Record<string, unknown>;
  return {
    name: model,
    mode,
    deployments: deployments.length,
    declaredDimension: dims.size === 1 ? [...dims][0]! : null,
    inputCostPerToken: num(info.input_cost_per_token),
    outputCostPerToken: num(info.output_cost_per_token),
    team,
  };
}

async function enforceRateLimit(ctx: PlaygroundContext, calls: number) {
  const bucket = `playground:${ctx.user.id}`;
  const { count, oldest } = await recentHits(bucket, WINDOW_MS);
  if (count + calls > PLAYGROUND_LIMITS.callsPerMinute) {
    const wait = minutesUntilFree(oldest, WINDOW_MS);
    throw new RateLimitedError(
      `The playground allows ${PLAYGROUND_LIMITS.callsPerMinute} calls per minute per person. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`,
    );
  }
  for (let i = 0; i < calls; i++) await recordHit(bucket);
}

/**
 * A virtual key for this model only, for 10 minutes, with a tiny budget, of the resolved team; never logged or stored.
 * Its alias carries the request id of the call's audit intent (a random one outside a write-ahead scope).
 */
async function createTemporaryKey(litellm: LiteLLMClient, ctx: PlaygroundContext, resolved: ResolvedModel): Promise<GeneratedKey> {
  return litellm.keys.generate({
    key_alias: playgroundKeyAlias(currentAuditRequestId() ?? randomUUID()),
    models: [resolved.name],
    max_budget: PLAYGROUND_KEY_BUDGET,
    duration: PLAYGROUND_KEY_DURATION,
    ...(resolved.team ? { team_id: resolved.team.teamId } : {}),
    metadata: { purpose: "playground", requested_by: ctx.user.id },
  });
}

async function deleteTemporaryKey(litellm: LiteLLMClient, key: GeneratedKey, model: string) {
  await litellm.keys.delete({ keys: [key.token] }).catch((error: unknown) => {
    // It expires in 10 minutes anyway; say so in the log (without the key).
    logger.warn("playground.temp_key_not_deleted", { model, error: (error as Error).message });
  });
}

export function describeFailure(error: unknown): string {
  if (isLiteLLMError(error)) return redact(error.status ? `LiteLLM answered HTTP ${error.status}: ${error.message}` : error.message);
  return "The call failed unexpectedly.";
}

function estimateCost(resolved: ResolvedModel, promptTokens: number | null, completionTokens: number | null): number | null {
  if (resolved.inputCostPerToken === null && resolved.outputCostPerToken === null) return null;
  return (promptTokens ?? 0) * (resolved.inputCostPerToken ?? 0) + (completionTokens ?? 0) * (resolved.outputCostPerToken ?? 0);
}

async function audit(ctx: PlaygroundContext, resolved: ResolvedModel, outcome: "success" | "failure", details: Record<string, unknown>) {
  await recordAudit({
    actor: { provider: ctx.user.provider, username: ctx.user.username },
    action: "playground.call",
    targetType: "model",
    targetId: resolved.name,
    teamId: resolved.team?.teamId ?? null,
    outcome,
    request: ctx.request,
    details: { model: resolved.name, mode: resolved.mode, ...details },
  });
}

// ---------------------------------------------------------------- embeddings

export interface EmbeddingResult {
  model: string;
  length: number | null;
  head: number[];
  declaredDimension: number | null;
  /** Consumer aliases registered for this name with the dimension each expects. */
  consumers: { consumer: string; dimension: number | null; matches: boolean | null }[];
  verdict: "matches" | "mismatch" | "nothing-to-compare" | "base64";
  message: string;
  latencyMs: number;
  promptTokens: number | null;
  cost: number | null;
  costSource: "litellm" | "prices" | null;
  answeredBy: string | null;
  team: ResolvedModel["team"];
}

export async function runEmbedding({
  ctx,
  input,
  deps,
}: {
  ctx: PlaygroundContext;
  input: EmbeddingRequest;
  deps?: Partial<PlaygroundDeps>;
}): Promise<EmbeddingResult> {
  const d = resolveDeps(deps);
  const resolved = await resolvePlaygroundModel({ ctx, model: input.model, teamId: input.teamId, expectMode: "embedding", deps: d });
  await enforceRateLimit(ctx, 1);
  const db = await prisma();
  const consumerRows = await db.consumerAlias.findMany({ where: { alias: resolved.name } });
  const key = await createTemporaryKey(d.litellm, ctx, resolved);
  const started = d.now();
  try {
    const probe = await d.litellm.dataPlane.embeddings({
      apiKey: key.key,
      model: resolved.name,
      input: input.input,
      timeoutMs: getEnv().LITELLM_TIMEOUT_MS,
    });
    const latencyMs = d.now() - started;
    const length = probe.length;
    const consumers = consumerRows.map((c) => ({
      consumer: c.consumer,
      dimension: c.dimension,
      matches: c.dimension === null || length === null ? null : c.dimension === length,
    }));
    const problems = [
      resolved.declaredDimension !== null && length !== null && resolved.declaredDimension !== length
        ? `the deployment declares ${resolved.declaredDimension}`
        : null,
      ...consumers.filter((c) => c.matches === false).map((c) => `${c.consumer} expects ${c.dimension}`),
    ].filter(Boolean);
    const verdict: EmbeddingResult["verdict"] =
      length === null
        ? "base64"
        : problems.length
          ? "mismatch"
          : resolved.declaredDimension === null && consumers.every((c) => c.matches === null)
            ? "nothing-to-compare"
            : "matches";
    const message =
      verdict === "base64"
        ? "LiteLLM returned the vector base64-encoded; its length cannot be read."
        : verdict === "mismatch"
          ? `${resolved.name} returned ${length}-dimensional vectors, but ${problems.join(" and ")}.`
          : verdict === "matches"
            ? `${resolved.name} returned ${length}-dimensional vectors, matching ${[resolved.declaredDimension !== null ? "the declared dimension" : null, consumers.some((c) => c.matches) ? "the registered consumer aliases" : null].filter(Boolean).join(" and ")}.`
            : `${resolved.name} returned ${length}-dimensional vectors; no dimension is declared or registered to compare with.`;
    const priced = estimateCost(resolved, probe.promptTokens, 0);
    const result: EmbeddingResult = {
      model: resolved.name,
      length,
      head: probe.head,
      declaredDimension: resolved.declaredDimension,
      consumers,
      verdict,
      message,
      latencyMs,
      promptTokens: probe.promptTokens,
      cost: probe.cost ?? priced,
      costSource: probe.cost !== null ? "litellm" : priced !== null ? "prices" : null,
      answeredBy: probe.answeredBy,
      team: resolved.team,
    };
    await audit(ctx, resolved, "success", { promptTokens: probe.promptTokens, length, verdict, answeredBy: probe.answeredBy, latencyMs });
    return result;
  } catch (error) {
    const message = describeFailure(error);
    await audit(ctx, resolved, "failure", { error: message });
    throw new ValidationError(message, {});
  } finally {
    await deleteTemporaryKey(d.litellm, key, resolved.name);
  }
}

// ---------------------------------------------------------------- chat (streamed)

export type ChatEvent =
  | { type: "start"; model: string; answeredBy: string | null; team: ResolvedModel["team"] }
  | { type: "delta"; text: string }
  | {
      type: "done";
      ttftMs: number | null;
      totalMs: number;
      promptTokens: number | null;
      completionTokens: number | null;
      cost: number | null;
      costSource: "litellm" | "prices" | null;
    }
  | { type: "error"; message: string; partial: boolean };

/** Everything checked before a chat call starts; errors here are answered as JSON, not as a stream. */
export async function prepareChat({ ctx, input, deps }: { ctx: PlaygroundContext; input: ChatRequest; deps?: Partial<PlaygroundDeps> }) {
  const d = resolveDeps(deps);
  const resolved = await resolvePlaygroundModel({ ctx, model: input.model, teamId: input.teamId, expectMode: "chat", deps: d });
  await enforceRateLimit(ctx, 1);
  return { resolved, deps: d };
}

/**
 * Streams one chat call as the consumer would make it, through a temporary key that is deleted whatever happens
 * (a broken stream, a cancelled request). Yields what arrived before a failure, then the error.
 */
export async function* streamChat({
  ctx,
  input,
  resolved,
  deps,
  signal,
}: {
  ctx: PlaygroundContext;
  input: ChatRequest;
  resolved: ResolvedModel;
  deps: PlaygroundDeps;
  signal?: AbortSignal;
}): AsyncGenerator<ChatEvent> {
  const { litellm, now } = deps;
  let key: GeneratedKey | undefined;
  let ttftMs: number | null = null;
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;
  let received = 0;
  let answer: DataPlaneAnswer | null = null;
  const started = now();
  try {
    key = await createTemporaryKey(litellm, ctx, resolved);
    const messages = [
      ...(input.system.trim() ? [{ role: "system" as const, content: input.system }] : []),
      { role: "user" as const, content: input.prompt },
    ];
    const stream = await litellm.dataPlane.chatStream({
      apiKey: key.key,
      model: resolved.name,
      messages,
      temperature: input.temperature,
      maxTokens: input.maxTokens,
      signal,
      firstByteTimeoutMs: getEnv().LITELLM_TIMEOUT_MS,
    });
    answer = stream.answer;
    yield { type: "start", model: resolved.name, answeredBy: answer.answeredBy, team: resolved.team };
    for await (const event of stream.events as AsyncGenerator<ChatStreamEvent>) {
      if (event.type === "delta") {
        ttftMs ??= now() - started;
        received += event.text.length;
        yield { type: "delta", text: event.text };
      } else {
        promptTokens = event.promptTokens;
        completionTokens = event.completionTokens;
      }
    }
    const priced = estimateCost(resolved, promptTokens, completionTokens);
    const cost = answer.cost ?? priced;
    const totalMs = now() - started;
    await audit(ctx, resolved, "success", { promptTokens, completionTokens, answeredBy: answer.answeredBy, ttftMs, totalMs });
    yield {
      type: "done",
      ttftMs,
      totalMs,
      promptTokens,
      completionTokens,
      cost,
      costSource: answer.cost !== null ? "litellm" : priced !== null ? "prices" : null,
    };
  } catch (error) {
    // /key/generate went unanswered: LiteLLM may still create the temporary key. Not a failure to record — the
    // intent stays pending, and the reconciler deletes the key (named after the intent) once its minutes are over.
    if (!key && isOutcomeUnknown(error)) throw error;
    const message = describeFailure(error);
    await audit(ctx, resolved, "failure", { error: message, answeredBy: answer?.answeredBy ?? null, partial: received > 0 });
    yield { type: "error", message, partial: received > 0 };
  } finally {
    if (key) await deleteTemporaryKey(litellm, key, resolved.name);
  }
}
