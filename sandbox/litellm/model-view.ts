// What /model/info-style endpoints show for a deployment, and which models a virtual key may use.
import type { Caller, Sandbox } from "./context";
import type { ModelRow } from "./state";
import { lookupCost, providerOf, type CostEntry } from "./catalog";

/** §2.1: `/model/info` removes these from litellm_params. */
const SECRET_PARAMS = ["api_key", "client_secret", "vertex_credentials"];

export function stripSecrets(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (!SECRET_PARAMS.includes(k)) out[k] = v;
  return out;
}

const NULL_INFO: Record<string, unknown> = {
  key: null,
  max_tokens: null,
  max_input_tokens: null,
  max_output_tokens: null,
  input_cost_per_token: null,
  output_cost_per_token: null,
  litellm_provider: null,
  mode: null,
  output_vector_size: null,
  supports_function_calling: null,
  supports_vision: null,
  supports_parallel_function_calling: null,
  supports_response_schema: null,
  supports_system_messages: null,
  supports_tool_choice: null,
};

export function costEntryFor(m: ModelRow): { key: string | null; entry: CostEntry | null } {
  const base = typeof m.model_info.base_model === "string" ? m.model_info.base_model : null;
  const model = String(m.litellm_params.model ?? "");
  for (const candidate of [base, model]) {
    const e = lookupCost(candidate);
    if (e) return { key: candidate, entry: e };
  }
  return { key: null, entry: null };
}

/** §2.1/§3.2: model_info with id, db_model and the cost-map fields merged in (the deployment's own values win). */
/** Rows are replaced, never mutated, so a view can be cached per row object (20k-deployment listings). */
const viewCache = new WeakMap<ModelRow, Readonly<Record<string, unknown>>>();

export function modelInfoView(m: ModelRow): Readonly<Record<string, unknown>> {
  const hit = viewCache.get(m);
  if (hit) return hit;
  const { key, entry } = costEntryFor(m);
  const info: Record<string, unknown> = { ...NULL_INFO, ...(entry ?? {}), key };
  info.litellm_provider = providerOf(String(m.litellm_params.model ?? ""), m.litellm_params.custom_llm_provider);
  for (const k of ["input_cost_per_token", "output_cost_per_token", "output_vector_size"]) {
    if (m.litellm_params[k] != null) info[k] = m.litellm_params[k];
  }
  Object.assign(info, m.model_info);
  info.id = m.model_id;
  info.db_model = !m.config;
  // ModelInfo (openapi 1.96.0) carries the DB row's timestamps for DB models; /v2/model/info sorts on them.
  if (!m.config) Object.assign(info, { created_at: m.created_at, created_by: m.created_by, updated_at: m.updated_at, updated_by: m.updated_by });
  if (info.mode == null && m.model_info.mode == null) info.mode = entry?.mode ?? null;
  viewCache.set(m, info);
  return info;
}

export function modelEntry(m: ModelRow): Record<string, unknown> {
  return { model_name: m.model_name, litellm_params: stripSecrets(m.litellm_params), model_info: modelInfoView(m) };
}

/** §3.2: health checks use model_info.mode, else the cost map, else "chat". */
export function healthMode(m: ModelRow): string {
  const mi = m.model_info.mode;
  if (typeof mi === "string" && mi) return mi;
  return costEntryFor(m).entry?.mode ?? "chat";
}

/** Per-token prices for spend tracking: deployment params, then model_info, then the cost map. */
export function tokenPrices(m: ModelRow): { input: number; output: number } {
  const { entry } = costEntryFor(m);
  const pick = (k: "input_cost_per_token" | "output_cost_per_token") => {
    const v = m.litellm_params[k] ?? m.model_info[k] ?? entry?.[k];
    return typeof v === "number" ? v : Number(v) || 0;
  };
  return { input: pick("input_cost_per_token"), output: pick("output_cost_per_token") };
}

function globMatch(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(name);
}

/** Access-group name → model names (§3.7). */
export function accessGroups(sb: Sandbox): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const m of sb.store.modelList()) {
    const ag = m.model_info.access_groups;
    if (Array.isArray(ag)) {
      for (const g of ag) {
        if (typeof g !== "string") continue;
        if (!groups.has(g)) groups.set(g, new Set());
        groups.get(g)!.add(m.model_name);
      }
    }
  }
  return groups;
}

/** Does a `models` list (key or team) allow `model`? Empty list = everything (§3.7). */
function listAllows(list: string[], model: string, groups: Map<string, Set<string>>, teamList: string[] | null): boolean {
  if (list.length === 0) return teamList ? listAllows(teamList, model, groups, null) : true;
  for (const entry of list) {
    if (entry === "all-proxy-models") return true;
    if (entry === "all-team-models") {
      if (!teamList || listAllows(teamList, model, groups, null)) return true;
      continue;
    }
    if (globMatch(entry, model)) return true;
    if (groups.get(entry)?.has(model)) return true;
  }
  return false;
}

/** A predicate telling whether the caller may call or see a model group. */
export function modelAccess(sb: Sandbox, caller: Caller): (modelName: string) => boolean {
  if (caller.isAdmin || !caller.key) return () => true;
  const key = caller.key;
  const team = key.team_id ? sb.store.teams.get(key.team_id) : undefined;
  const teamList = team ? team.models : null;
  const groups = accessGroups(sb);
  return (name) => {
    if (!listAllows(key.models ?? [], name, groups, teamList)) return false;
    // A team key is also bounded by its team's models.
    if (teamList && teamList.length && !(key.models ?? []).includes("all-proxy-models")) return listAllows(teamList, name, groups, null);
    return true;
  };
}

/** Names a key may use, for error messages. */
export function allowedModelNames(sb: Sandbox, caller: Caller): string[] {
  const key = caller.key;
  if (!key) return [];
  if (key.models?.length) return key.models;
  const team = key.team_id ? sb.store.teams.get(key.team_id) : undefined;
  return team?.models ?? [];
}
