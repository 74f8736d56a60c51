// Pure alias-conflict and embedding-dimension rules: what a consumer expects vs what LiteLLM serves. No DB, no network.
import {
  NearDuplicateIndex,
  STABLE_ALIAS_PATTERN,
  normaliseAliasShape,
  stripProviderPrefix,
  suggestStableAlias,
  unstableParts,
} from "./normalise";

export const MODES = [
  "chat",
  "embedding",
  "image_generation",
  "audio_transcription",
  "audio_speech",
  "rerank",
  "completion",
  "moderation",
] as const;
export type Mode = (typeof MODES)[number];

/** What an application or pipeline expects to find behind an alias. */
export interface ConsumerAlias {
  alias: string;
  consumer: string;
  kind: Mode;
  /** Required for embeddings: the vector size the consumer's store was built with. */
  dimension?: number;
  teamId?: string;
  required: boolean;
  note?: string;
}

/** One LiteLLM deployment (a row of /model/info). */
export interface Deployment {
  id: string;
  /** model_name: the public alias */
  alias: string;
  mode?: Mode;
  outputVectorSize?: number;
  dimensions?: number;
  /** litellm_params.model */
  baseModel: string;
  teamId?: string;
  dbModel: boolean;
}

export type Severity = "block" | "confirm" | "warn";
export type RuleId =
  | "kind_mismatch"
  | "embedding_dimension_missing"
  | "dimension_mismatch_consumer"
  | "dimension_mismatch_cost_map"
  | "alias_already_served"
  | "group_kind_mismatch"
  | "group_dimension_mismatch"
  | "chat_embedding_mixed"
  | "near_duplicate"
  | "alias_shape"
  | "required_alias_unserved";

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** What is wrong, in the operator's words. */
  message: string;
  /** A concrete next step. */
  fix: string;
  alias: string;
  related?: { consumer?: string; deploymentId?: string; suggestion?: string };
}

export interface CandidateDeployment {
  alias: string;
  mode: Mode;
  baseModel: string;
  outputVectorSize?: number;
  dimensions?: number;
  teamId?: string;
  /** Set when editing: that deployment is not counted as "already serving" the alias. */
  replacingDeploymentId?: string;
}

export interface CostMapDimension {
  size?: number;
  supportsShortening: boolean;
  /** The cost map's mode, used when a deployment has no model_info.mode. */
  mode?: Mode;
}

export interface CheckContext {
  consumers: ConsumerAlias[];
  deployments: Deployment[];
  costMapDimension: (baseModel: string) => CostMapDimension;
}

/** Precomputed lookups so one candidate is checked without scanning every alias. */
export interface CheckIndex {
  readonly ctx: CheckContext;
  readonly consumersByAlias: Map<string, ConsumerAlias[]>;
  readonly deploymentsByAlias: Map<string, Deployment[]>;
  readonly deploymentsById: Map<string, Deployment>;
  readonly near: NearDuplicateIndex;
  costMap(baseModel: string): CostMapDimension;
}

const SEVERITY_ORDER: Record<Severity, number> = { block: 0, confirm: 1, warn: 2 };

export function buildIndex(ctx: CheckContext): CheckIndex {
  const consumersByAlias = new Map<string, ConsumerAlias[]>();
  const deploymentsByAlias = new Map<string, Deployment[]>();
  const deploymentsById = new Map<string, Deployment>();
  const near = new NearDuplicateIndex();
  for (const c of ctx.consumers) {
    push(consumersByAlias, c.alias, c);
    near.add(c.alias);
  }
  for (const d of ctx.deployments) {
    push(deploymentsByAlias, d.alias, d);
    deploymentsById.set(d.id, d);
    near.add(d.alias);
  }
  const memo = new Map<string, CostMapDimension>();
  return {
    ctx,
    consumersByAlias,
    deploymentsByAlias,
    deploymentsById,
    near,
    costMap(baseModel) {
      let hit = memo.get(baseModel);
      if (!hit) {
        hit = ctx.costMapDimension(baseModel);
        memo.set(baseModel, hit);
      }
      return hit;
    },
  };
}

function isIndex(x: CheckContext | CheckIndex): x is CheckIndex {
  return (x as CheckIndex).consumersByAlias instanceof Map;
}

function toIndex(x: CheckContext | CheckIndex): CheckIndex {
  return isIndex(x) ? x : buildIndex(x);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------- wording ----------

const KIND_PHRASE: Record<Mode, string> = {
  chat: "a chat model",
  embedding: "an embedding model",
  image_generation: "an image generation model",
  audio_transcription: "an audio transcription model",
  audio_speech: "a text-to-speech model",
  rerank: "a rerank model",
  completion: "a completion model",
  moderation: "a moderation model",
};

/** "a", "a and b", "a, b and c", "a, b and 3 other consumers" */
export function listNames(names: string[], other = "others"): string {
  const u = [...new Set(names)];
  if (u.length <= 1) return u[0] ?? "";
  if (u.length <= 3) return `${u.slice(0, -1).join(", ")} and ${u[u.length - 1]}`;
  return `${u.slice(0, 2).join(", ")} and ${u.length - 2} ${other}`;
}

function consumersPhrase(consumers: ConsumerAlias[]): { who: string; verb: (one: string, many: string) => string } {
  const names = [...new Set(consumers.map((c) => c.consumer))];
  return { who: listNames(names, "other consumers"), verb: (one, many) => (names.length === 1 ? one : many) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
export function ordinal(n: number): string {
  if (n < ORDINALS.length) return ORDINALS[n];
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

const teamLabel = (teamId?: string) => (teamId ? `team ${teamId}` : "outside any team");

// ---------- scope and effective values ----------

/** Could this consumer be calling this deployment? Unknown team on either side: assume yes. */
function overlaps(a?: string, b?: string): boolean {
  return !a || !b || a === b;
}

/** Does this deployment serve the consumer? A global deployment serves everyone; a team one only its team. */
function serves(d: Deployment, c: ConsumerAlias): boolean {
  return !d.teamId || d.teamId === c.teamId;
}

/** LiteLLM's load-balancing group: same public name within the same team (or none). */
const sameGroup = (a?: string, b?: string) => (a ?? "") === (b ?? "");

export function deploymentMode(index: CheckIndex, d: Deployment): Mode {
  // LiteLLM falls back to the cost map, then to chat, when model_info.mode is unset.
  return d.mode ?? index.costMap(d.baseModel).mode ?? "chat";
}

export function deploymentDimension(index: CheckIndex, d: Deployment): number | undefined {
  const cm = index.costMap(d.baseModel);
  if (d.dimensions != null && (cm.supportsShortening || cm.size == null)) return d.dimensions;
  return d.outputVectorSize ?? cm.size;
}

const isChatEmbeddingPair = (a: Mode, b: Mode) => (a === "chat" && b === "embedding") || (a === "embedding" && b === "chat");

function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort((x, y) => SEVERITY_ORDER[x[0].severity] - SEVERITY_ORDER[y[0].severity] || x[1] - y[1])
    .map(([f]) => f);
}

// ---------- rule 5 and 6: names ----------

function nearDuplicateFindings(
  alias: string,
  index: CheckIndex,
  extra?: NearDuplicateIndex,
  expectedBy?: (alias: string) => string[],
): Finding[] {
  // An alias someone already expects or serves is the right spelling, even if others are close.
  if (index.consumersByAlias.has(alias) || index.deploymentsByAlias.has(alias)) return [];
  const matches = [...index.near.lookup(alias), ...(extra?.lookup(alias) ?? [])];
  // `gpt-4o-2024-08-06` when `gpt-4o` is expected: compare the undated name too.
  const parts = unstableParts(alias);
  const stable = parts.date || parts.deploymentName ? suggestStableAlias(alias) : "";
  if (stable && stable !== alias) {
    if (index.consumersByAlias.has(stable) || index.deploymentsByAlias.has(stable) || extra?.has(stable))
      matches.push({ alias: stable, how: "normalised" });
    matches.push(...index.near.lookup(stable), ...(extra?.lookup(stable) ?? []));
  }
  if (matches.length === 0) return [];
  const consumersOf = (a: string) => expectedBy?.(a) ?? (index.consumersByAlias.get(a) ?? []).map((c) => c.consumer);
  // Prefer what consumers expect, then the closest spelling.
  const ranked = [...new Map(matches.map((m) => [m.alias, m])).values()].sort(
    (a, b) =>
      Number(consumersOf(b.alias).length > 0) - Number(consumersOf(a.alias).length > 0) ||
      Number(a.how !== "normalised") - Number(b.how !== "normalised") ||
      a.alias.localeCompare(b.alias),
  );
  const best = ranked[0].alias;
  const expecting = consumersOf(best);
  const served = (index.deploymentsByAlias.get(best) ?? []).length;
  const why = expecting.length
    ? `expected by ${listNames(expecting, "other consumers")}`
    : `already served by ${plural(served, "deployment")}`;
  return [
    {
      rule: "near_duplicate",
      severity: "warn",
      message: `Did you mean "${best}"?`,
      fix: `Use "${best}" (${why}), or keep "${alias}" if it is a different model.`,
      alias,
      related: { suggestion: best, consumer: expecting[0] },
    },
  ];
}

function shapeFindings(alias: string, baseModel?: string): Finding[] {
  const out: Finding[] = [];
  if (!STABLE_ALIAS_PATTERN.test(alias)) {
    const suggestion = normaliseAliasShape(alias);
    out.push({
      rule: "alias_shape",
      severity: "warn",
      message: `"${alias}" is not a stable alias shape: use lowercase letters, digits and . _ / - only, with no spaces.`,
      fix: suggestion ? `Use "${suggestion}".` : "Use lowercase letters, digits and . _ / - only.",
      alias,
      related: suggestion ? { suggestion } : undefined,
    });
  }
  const parts = unstableParts(alias);
  if (parts.date || parts.deploymentName) {
    let suggestion = suggestStableAlias(alias);
    if (!suggestion && baseModel) suggestion = suggestStableAlias(stripProviderPrefix(baseModel));
    const example = suggestion || "gpt-4o";
    out.push({
      rule: "alias_shape",
      severity: "warn",
      message: `Aliases are what clients call; a date or deployment name in it will change. Use a stable name such as ${example}.`,
      fix: `Rename the alias to "${example}" and keep the dated or deployment-specific name in the base model (litellm_params.model).`,
      alias,
      related: { suggestion: example },
    });
  }
  return out;
}

// ---------- rules 1-6: a deployment about to be saved ----------

export function checkCandidate(
  candidate: CandidateDeployment,
  ctxOrIndex: CheckContext | CheckIndex,
  opts: { confirmedGroupJoin?: boolean } = {},
): Finding[] {
  const index = toIndex(ctxOrIndex);
  const { alias, mode } = candidate;
  if (!alias.trim()) return [];
  const out: Finding[] = [];

  const expecting = (index.consumersByAlias.get(alias) ?? []).filter((c) => overlaps(c.teamId, candidate.teamId));
  const others = (index.deploymentsByAlias.get(alias) ?? []).filter((d) => d.id !== candidate.replacingDeploymentId);
  const group = others.filter((d) => sameGroup(d.teamId, candidate.teamId));

  // Rule 1: consumers expect another kind.
  const byKind = new Map<Mode, ConsumerAlias[]>();
  for (const c of expecting) if (c.kind !== mode) push(byKind, c.kind, c);
  for (const [kind, consumers] of byKind) {
    const { who, verb } = consumersPhrase(consumers);
    out.push({
      rule: "kind_mismatch",
      severity: "block",
      message: `${who} ${verb("expects", "expect")} ${alias} to be ${KIND_PHRASE[kind]}, but this deployment is registered as ${mode}.`,
      fix: `Set mode to ${kind}, or register it under another alias.`,
      alias,
      related: { consumer: consumers[0].consumer },
    });
  }

  // Rule 2: embedding dimensions.
  if (mode === "embedding") {
    const effective = candidate.dimensions ?? candidate.outputVectorSize;
    const cm = index.costMap(candidate.baseModel);
    const embeddingConsumers = expecting.filter((c) => c.kind === "embedding");
    if (effective == null) {
      const wanted = embeddingConsumers.find((c) => c.dimension != null);
      out.push({
        rule: "embedding_dimension_missing",
        severity: "block",
        message: `${alias} is an embedding model but has no output dimension; pipelines and vector stores need to know the vector size.`,
        fix: wanted
          ? `Set the output dimension to ${wanted.dimension} (${wanted.consumer} expects ${wanted.dimension}).`
          : cm.size != null
            ? `Set the output dimension to ${cm.size} (the cost map's output_vector_size for ${candidate.baseModel}).`
            : `Set the output dimension the model returns (see the provider's model card).`,
        alias,
        related: wanted ? { consumer: wanted.consumer } : undefined,
      });
    } else {
      const byDimension = new Map<number, ConsumerAlias[]>();
      for (const c of embeddingConsumers) if (c.dimension != null && c.dimension !== effective) push(byDimension, c.dimension, c);
      for (const [dimension, consumers] of byDimension) {
        const { who, verb } = consumersPhrase(consumers);
        out.push({
          rule: "dimension_mismatch_consumer",
          severity: "block",
          message: `${who} ${verb("expects", "expect")} ${alias} to return ${dimension}-dimensional vectors, but this deployment returns ${effective}.`,
          fix: `Set the dimension to ${dimension}, or register it under another alias.`,
          alias,
          related: { consumer: consumers[0].consumer },
        });
      }
    }
    if (candidate.dimensions != null && !cm.supportsShortening) {
      out.push({
        rule: "dimension_mismatch_cost_map",
        severity: "block",
        message:
          `${candidate.baseModel} cannot return shortened vectors, so dimensions: ${candidate.dimensions} would be ignored or rejected.` +
          (cm.size != null ? ` It always returns ${cm.size}.` : ""),
        fix:
          cm.size != null
            ? `Remove dimensions and set the output dimension to ${cm.size}, or use a model that supports shortening (text-embedding-3-*).`
            : "Remove dimensions and set the output dimension the model returns, or use a model that supports shortening (text-embedding-3-*).",
        alias,
      });
    } else if (candidate.dimensions != null && cm.size != null && candidate.dimensions > cm.size) {
      out.push({
        rule: "dimension_mismatch_cost_map",
        severity: "block",
        message: `${candidate.baseModel} returns at most ${cm.size} dimensions; dimensions: ${candidate.dimensions} cannot be honoured.`,
        fix: `Set dimensions to ${cm.size} or less.`,
        alias,
      });
    } else if (
      candidate.dimensions == null &&
      candidate.outputVectorSize != null &&
      cm.size != null &&
      candidate.outputVectorSize !== cm.size
    ) {
      out.push({
        rule: "dimension_mismatch_cost_map",
        severity: "block",
        message: `The cost map says ${candidate.baseModel} returns ${cm.size}-dimensional vectors, but this deployment declares ${candidate.outputVectorSize}.`,
        fix: cm.supportsShortening
          ? `Set the dimension to ${cm.size}, or set dimensions: ${candidate.outputVectorSize} to request shortened vectors.`
          : `Set the dimension to ${cm.size}.`,
        alias,
      });
    }
  }

  // Rule 3: joining an existing load-balancing group.
  if (group.length > 0) {
    const groupModes = [...new Set(group.map((d) => deploymentMode(index, d)))];
    const where = candidate.teamId ? ` for team ${candidate.teamId}` : "";
    const wrongKind = groupModes.filter((m) => m !== mode);
    const effective = mode === "embedding" ? (candidate.dimensions ?? candidate.outputVectorSize) : undefined;
    const groupDims =
      mode === "embedding" && effective != null
        ? [...new Set(group.filter((d) => deploymentMode(index, d) === "embedding").map((d) => deploymentDimension(index, d)))].filter(
            (x): x is number => x != null && x !== effective,
          )
        : [];
    if (wrongKind.length > 0) {
      const culprit = group.find((d) => deploymentMode(index, d) !== mode)!;
      out.push({
        rule: "group_kind_mismatch",
        severity: "block",
        message: `${alias} is already served${where} by ${plural(group.length, "deployment")} registered as ${wrongKind.join(" and ")}; adding one registered as ${mode} would mix kinds in the same load-balancing group.`,
        fix: `Set mode to ${wrongKind[0]}, or register it under another alias.`,
        alias,
        related: { deploymentId: culprit.id },
      });
    } else if (groupDims.length > 0) {
      const culprit = group.find((d) => deploymentDimension(index, d) === groupDims[0])!;
      const served = group.filter((d) => groupDims.includes(deploymentDimension(index, d) as number)).length;
      out.push({
        rule: "group_dimension_mismatch",
        severity: "block",
        message: `${alias} is already served${where} by ${plural(served, "deployment")} returning ${groupDims.join(" and ")}-dimensional vectors; this one returns ${effective}, so the same alias would return vectors of different sizes.`,
        fix: `Use ${groupDims[0]} dimensions to match the group, or register it under another alias.`,
        alias,
        related: { deploymentId: culprit.id },
      });
    } else if (!opts.confirmedGroupJoin) {
      out.push({
        rule: "alias_already_served",
        severity: "confirm",
        message: `${alias} is already served${where} by ${plural(group.length, "deployment")}; saving adds a ${ordinal(group.length + 1)} to the same load-balancing group.`,
        fix: "Confirm to load-balance requests across them, or choose another alias.",
        alias,
        related: { deploymentId: group[0].id },
      });
    }
  }

  // Rule 4: the same alias as chat and embedding elsewhere (other teams, or consumers outside this scope).
  if (mode === "chat" || mode === "embedding") {
    const distinct = `${alias}-${mode === "embedding" ? "embedding" : "chat"}`;
    const clashing = others.filter((d) => !sameGroup(d.teamId, candidate.teamId) && isChatEmbeddingPair(mode, deploymentMode(index, d)));
    if (clashing.length > 0) {
      const other = deploymentMode(index, clashing[0]);
      const teams = listNames(clashing.map((d) => teamLabel(d.teamId)));
      out.push({
        rule: "chat_embedding_mixed",
        severity: "block",
        message: `${alias} is already served as ${other} (${teams}); using the same alias for chat and embedding breaks clients that call it by name.`,
        fix: `Register this deployment under a distinct alias such as ${distinct}.`,
        alias,
        related: { deploymentId: clashing[0].id, suggestion: distinct },
      });
    }
    const elsewhere = (index.consumersByAlias.get(alias) ?? []).filter(
      (c) => !overlaps(c.teamId, candidate.teamId) && isChatEmbeddingPair(mode, c.kind),
    );
    if (elsewhere.length > 0) {
      const { who, verb } = consumersPhrase(elsewhere);
      const other = elsewhere[0].kind;
      out.push({
        rule: "chat_embedding_mixed",
        severity: "block",
        message: `${who} ${verb("expects", "expect")} ${alias} to be ${KIND_PHRASE[other]} (${listNames(elsewhere.map((c) => teamLabel(c.teamId)))}); using the same alias for chat and embedding breaks clients that call it by name.`,
        fix: `Register this deployment under a distinct alias such as ${distinct}.`,
        alias,
        related: { consumer: elsewhere[0].consumer, suggestion: distinct },
      });
    }
  }

  // Rules 5 and 6.
  out.push(...nearDuplicateFindings(alias, index));
  out.push(...shapeFindings(alias, candidate.baseModel));
  return sortFindings(out);
}

// ---------- rule 7: rename or delete ----------

export function checkRemoval(
  change: { deploymentId: string; kind: "delete" | "rename"; newAlias?: string },
  ctxOrIndex: CheckContext | CheckIndex,
): Finding[] {
  const index = toIndex(ctxOrIndex);
  const target = index.deploymentsById.get(change.deploymentId);
  if (!target) return [];
  if (change.kind === "rename" && (change.newAlias == null || change.newAlias === target.alias)) return [];
  const remaining = (index.deploymentsByAlias.get(target.alias) ?? []).filter((d) => d.id !== target.id);
  const orphaned = (index.consumersByAlias.get(target.alias) ?? []).filter(
    (c) => c.required && serves(target, c) && !remaining.some((d) => serves(d, c)),
  );
  if (orphaned.length === 0) return [];
  const { who, verb } = consumersPhrase(orphaned);
  const action = change.kind === "delete" ? "deleting its only deployment" : `renaming its only deployment to ${change.newAlias}`;
  return [
    {
      rule: "required_alias_unserved",
      severity: "block",
      message: `${who} ${verb("requires", "require")} ${target.alias}; ${action} leaves it unserved. Force with a reason if this is intended.`,
      fix:
        change.kind === "delete"
          ? `Add another deployment under ${target.alias} first, or point ${who} at a different alias.`
          : `Keep the alias ${target.alias}, add another deployment under it first, or point ${who} at a different alias.`,
      alias: target.alias,
      related: { consumer: orphaned[0].consumer, deploymentId: target.id },
    },
  ];
}

// ---------- import of a consumer-alias registry ----------

export function checkImport(records: ConsumerAlias[], ctxOrIndex: CheckContext | CheckIndex): Finding[] {
  const index = toIndex(ctxOrIndex);
  const out: Finding[] = [];
  const importKey = (r: ConsumerAlias) => `${r.alias}\u0000${r.consumer}`;
  const incomingKeys = new Set(records.map(importKey));
  const importedByAlias = new Map<string, ConsumerAlias[]>();
  for (const r of records) push(importedByAlias, r.alias, r);
  const importedNear = new NearDuplicateIndex(records.map((r) => r.alias));
  // After import, an (alias, consumer) pair is described by the incoming record, not the stored one.
  const expectationsOf = (alias: string) => [
    ...(index.consumersByAlias.get(alias) ?? []).filter((c) => !incomingKeys.has(importKey(c))),
    ...(importedByAlias.get(alias) ?? []),
  ];
  const mixedReported = new Set<string>();
  const namesReported = new Set<string>();

  for (const r of records) {
    const served = (index.deploymentsByAlias.get(r.alias) ?? []).filter((d) => overlaps(d.teamId, r.teamId));
    const wrongKind = served.filter((d) => deploymentMode(index, d) !== r.kind);
    if (wrongKind.length > 0) {
      const servedAs = [...new Set(wrongKind.map((d) => deploymentMode(index, d)))].join(" and ");
      out.push({
        rule: "kind_mismatch",
        severity: "block",
        message: `${r.consumer} expects ${r.alias} to be ${KIND_PHRASE[r.kind]}, but it is served as ${servedAs} (${plural(wrongKind.length, "deployment")}).`,
        fix: `Correct the kind in the registry, or change the deployment's mode to ${r.kind}.`,
        alias: r.alias,
        related: { consumer: r.consumer, deploymentId: wrongKind[0].id },
      });
    }
    if (r.kind === "embedding") {
      if (r.dimension == null) {
        out.push({
          rule: "embedding_dimension_missing",
          severity: "block",
          message: `${r.consumer} expects ${r.alias} to be an embedding model but gives no dimension.`,
          fix: "Add the dimension the consumer's vector store was built with.",
          alias: r.alias,
          related: { consumer: r.consumer },
        });
      } else {
        const wrongSize = served.filter((d) => {
          if (deploymentMode(index, d) !== "embedding") return false;
          const dim = deploymentDimension(index, d);
          return dim != null && dim !== r.dimension;
        });
        if (wrongSize.length > 0) {
          const sizes = [...new Set(wrongSize.map((d) => deploymentDimension(index, d)))].join(" and ");
          out.push({
            rule: "dimension_mismatch_consumer",
            severity: "block",
            message: `${r.consumer} expects ${r.alias} to return ${r.dimension}-dimensional vectors, but it is served with ${sizes} (${plural(wrongSize.length, "deployment")}).`,
            fix: `Correct the dimension in the registry, or serve ${r.alias} from a model that returns ${r.dimension}.`,
            alias: r.alias,
            related: { consumer: r.consumer, deploymentId: wrongSize[0].id },
          });
        }
      }
    }
    if (!mixedReported.has(r.alias)) {
      const all = expectationsOf(r.alias);
      const chat = all.filter((c) => c.kind === "chat");
      const embedding = all.filter((c) => c.kind === "embedding");
      if (chat.length > 0 && embedding.length > 0) {
        mixedReported.add(r.alias);
        out.push({
          rule: "chat_embedding_mixed",
          severity: "block",
          message: `${r.alias} is expected as chat by ${listNames(
            chat.map((c) => c.consumer),
            "other consumers",
          )} and as embedding by ${listNames(
            embedding.map((c) => c.consumer),
            "other consumers",
          )}; one alias cannot be both.`,
          fix: "Give the chat and embedding models distinct aliases.",
          alias: r.alias,
          related: { consumer: r.consumer },
        });
      }
    }
    if (!namesReported.has(r.alias)) {
      namesReported.add(r.alias);
      out.push(...nearDuplicateFindings(r.alias, index, importedNear, (a) => expectationsOf(a).map((c) => c.consumer)));
      out.push(...shapeFindings(r.alias));
    }
  }
  return sortFindings(out);
}

// ---------- coverage ----------

export type HealthState = "healthy" | "unhealthy" | "unknown";
export type CoverageStatus = "ok" | "missing" | "mismatch" | "unhealthy";

export interface CoverageRow {
  alias: string;
  consumer: string;
  teamId?: string;
  kind: Mode;
  dimension?: number;
  required: boolean;
  served: boolean;
  deploymentIds: string[];
  /** null when not served */
  kindOk: boolean | null;
  /** null when not an embedding, not served, or no served deployment declares a size */
  dimensionOk: boolean | null;
  healthy: HealthState;
  status: CoverageStatus;
  /** Why the status is not ok, one line each. */
  problems: string[];
}

const STATUS_ORDER: Record<CoverageStatus, number> = { missing: 0, mismatch: 1, unhealthy: 2, ok: 3 };

/**
 * One row per expected alias (consumer record). `health` is keyed by deployment id,
 * or by alias for group-level health.
 */
export function coverage(ctxOrIndex: CheckContext | CheckIndex, health?: Map<string, HealthState>): CoverageRow[] {
  const index = toIndex(ctxOrIndex);
  const rows = index.ctx.consumers.map((c): CoverageRow => {
    const servedBy = (index.deploymentsByAlias.get(c.alias) ?? []).filter((d) => serves(d, c));
    const problems: string[] = [];
    const base = { alias: c.alias, consumer: c.consumer, teamId: c.teamId, kind: c.kind, dimension: c.dimension, required: c.required };
    if (servedBy.length === 0) {
      problems.push(c.teamId ? `No deployment serves ${c.alias} for team ${c.teamId}.` : `No deployment serves ${c.alias}.`);
      return {
        ...base,
        served: false,
        deploymentIds: [],
        kindOk: null,
        dimensionOk: null,
        healthy: "unknown",
        status: "missing",
        problems,
      };
    }
    const modes = [...new Set(servedBy.map((d) => deploymentMode(index, d)))];
    const kindOk = modes.every((m) => m === c.kind);
    if (!kindOk) problems.push(`Served as ${modes.filter((m) => m !== c.kind).join(" and ")}, expected ${c.kind}.`);
    let dimensionOk: boolean | null = null;
    if (c.kind === "embedding") {
      const dims = servedBy.filter((d) => deploymentMode(index, d) === "embedding").map((d) => deploymentDimension(index, d));
      const known = [...new Set(dims.filter((x): x is number => x != null))];
      if (c.dimension == null) {
        dimensionOk = false;
        problems.push("The registry gives no dimension for this embedding alias.");
      } else if (known.length > 0) {
        const wrong = known.filter((x) => x !== c.dimension);
        dimensionOk = wrong.length === 0;
        if (!dimensionOk) problems.push(`Returns ${wrong.join(" and ")} dimensions, expected ${c.dimension}.`);
      }
    }
    const states = servedBy.map((d) => health?.get(d.id) ?? health?.get(c.alias) ?? "unknown");
    const healthy: HealthState = states.includes("healthy")
      ? "healthy"
      : states.length > 0 && states.every((s) => s === "unhealthy")
        ? "unhealthy"
        : "unknown";
    if (healthy === "unhealthy")
      problems.push(servedBy.length === 1 ? "Its deployment is unhealthy." : `All ${servedBy.length} deployments are unhealthy.`);
    const status: CoverageStatus = !kindOk || dimensionOk === false ? "mismatch" : healthy === "unhealthy" ? "unhealthy" : "ok";
    return { ...base, served: true, deploymentIds: servedBy.map((d) => d.id), kindOk, dimensionOk, healthy, status, problems };
  });
  return rows.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      Number(b.required) - Number(a.required) ||
      a.alias.localeCompare(b.alias) ||
      a.consumer.localeCompare(b.consumer),
  );
}

// ---------- filters and cost-map adapter ----------

/** The wizard field each candidate rule is about (mode, alias, outputVectorSize, dimensions). */
export const CANDIDATE_FIELD_OF_RULE: Partial<Record<RuleId, "mode" | "alias" | "outputVectorSize" | "dimensions">> = {
  kind_mismatch: "mode",
  group_kind_mismatch: "mode",
  embedding_dimension_missing: "outputVectorSize",
  dimension_mismatch_consumer: "outputVectorSize",
  group_dimension_mismatch: "outputVectorSize",
  dimension_mismatch_cost_map: "dimensions",
  chat_embedding_mixed: "alias",
};

export function blocking(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "block");
}

export function needsConfirmation(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "confirm");
}

/** Models whose provider honours a `dimensions` request (Matryoshka-style shortened outputs). */
export function supportsShortening(baseModel: string): boolean {
  const name = stripProviderPrefix(baseModel).toLowerCase();
  return (
    /^text-embedding-3-(small|large)\b/.test(name) ||
    /^gemini-embedding/.test(name) ||
    /^text-(multilingual-)?embedding-00[45]\b/.test(name)
  );
}

interface CostMapEntry {
  mode?: string;
  output_vector_size?: number;
}

/**
 * Builds `costMapDimension` from LiteLLM's cost map (lib/catalog/data/model-cost-map.json).
 * Falls back to the bare model name, since `azure/<name>` entries often lack output_vector_size.
 */
export function costMapDimensionFrom(costMap: Record<string, CostMapEntry | unknown>): (baseModel: string) => CostMapDimension {
  const entry = (name: string): CostMapEntry | undefined => {
    const e = costMap[name];
    return e && typeof e === "object" ? (e as CostMapEntry) : undefined;
  };
  return (baseModel) => {
    const exact = entry(baseModel);
    const bare = entry(stripProviderPrefix(baseModel));
    const size = exact?.output_vector_size ?? bare?.output_vector_size;
    const rawMode = exact?.mode ?? bare?.mode;
    const mode = (MODES as readonly string[]).includes(rawMode ?? "") ? (rawMode as Mode) : undefined;
    return { size: typeof size === "number" ? size : undefined, supportsShortening: supportsShortening(baseModel), mode };
  };
}
