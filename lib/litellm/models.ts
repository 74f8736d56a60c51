import "server-only";

import { randomUUID } from "node:crypto";

import { isLiteLLMError, isNotFound, LiteLLMError } from "./errors";
import { parseInput, type ClientContext } from "./http";
import type { Page } from "./schemas/common";
import {
  createModelInputSchema,
  listModelsPageInputSchema,
  modelDeleteResponseSchema,
  modelGroupInfoResponseSchema,
  modelInfoResponseSchema,
  modelInfoV2ResponseSchema,
  modelWriteResponseSchema,
  updateModelInputSchema,
  type CreateModelInput,
  type ListModelsPageInput,
  type LiteLLMDeployment,
  type LiteLLMModelGroup,
  type ModelDeleteResult,
  type UpdateModelInput,
} from "./schemas/models";

/**
 * What LiteLLM can really remove from a stored deployment.
 *
 * POST /model/update merges `litellm_params` and keeps the old value wherever the new one is null. PATCH
 * /model/{id}/update merges too (`exclude_none`), so sending the params "without" a key keeps it. Only newer proxies
 * (S2) honour an explicit null on PATCH, and only for these keys (NULL_CLEARABLE_LITELLM_PARAMS =
 * SPECIAL_MODEL_INFO_PARAMS + cache_control_injection_points + litellm_credential_name). Anything else can only be
 * removed by deleting and re-creating the deployment, which needs its secrets again.
 */
export const CLEARABLE_LITELLM_PARAMS: ReadonlySet<string> = new Set([
  "litellm_credential_name",
  "cache_control_injection_points",
  "input_cost_per_token",
  "output_cost_per_token",
  "input_cost_per_character",
  "output_cost_per_character",
  "cache_read_input_token_cost",
  "cache_creation_input_token_cost",
]);

const REREAD_ATTEMPTS = 4;
const REREAD_DELAY_MS = 200;

function modelPath(id: string, suffix = ""): string {
  return `/model/${encodeURIComponent(id)}${suffix}`;
}

function notFound(id: string): LiteLLMError {
  return new LiteLLMError({ status: 404, type: "not_found_error", message: `Deployment ${id} was not found on LiteLLM.` });
}

/** LiteLLM answers 500 "LLM Model List not loaded in" when it has no models at all (§2.1): an empty list, not a failure. */
function isEmptyModelList(error: unknown): boolean {
  return isLiteLLMError(error) && error.status === 500 && /model list not loaded|no model list passed/i.test(error.message);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function createModelsApi(ctx: ClientContext) {
  const { http } = ctx;

  /** Every deployment the master key can see (config and DB models), secrets stripped by LiteLLM. */
  async function list(options: { purpose?: string } = {}): Promise<LiteLLMDeployment[]> {
    try {
      const res = await http.call({ method: "GET", path: "/model/info", purpose: options.purpose }, modelInfoResponseSchema);
      return res.data;
    } catch (error) {
      if (isEmptyModelList(error)) return [];
      throw error;
    }
  }

  /** One deployment by `model_info.id`, or null. LiteLLM answers an unknown id with 400 (§2.1). */
  async function find(id: string): Promise<LiteLLMDeployment | null> {
    try {
      const res = await http.call({ method: "GET", path: "/model/info", query: { litellm_model_id: id } }, modelInfoResponseSchema);
      return res.data.find((d) => d.model_info.id === id) ?? null;
    } catch (error) {
      if (isNotFound(error) || isEmptyModelList(error)) return null;
      throw error;
    }
  }

  /** One deployment by id; throws a 404 LiteLLMError when it does not exist. */
  async function info(id: string): Promise<LiteLLMDeployment> {
    const found = await find(id);
    if (!found) throw notFound(id);
    return found;
  }

  /** Re-reads a deployment just written; tolerates the router taking a moment to pick it up. */
  async function reread(id: string): Promise<LiteLLMDeployment> {
    for (let i = 0; i < REREAD_ATTEMPTS; i++) {
      const found = await find(id);
      if (found) return found;
      await new Promise((r) => setTimeout(r, REREAD_DELAY_MS * (i + 1)));
    }
    throw new LiteLLMError({
      type: "invalid_response",
      message: `LiteLLM accepted deployment ${id} but does not list it in /model/info. Reload the model list in a moment.`,
    });
  }

  async function groupInfo(modelGroup?: string, options: { purpose?: string } = {}): Promise<LiteLLMModelGroup[]> {
    const res = await http.call(
      { method: "GET", path: "/model_group/info", query: { model_group: modelGroup }, purpose: options.purpose },
      modelGroupInfoResponseSchema,
    );
    return res.data;
  }

  /**
   * One page of deployments. Uses /v2/model/info paging on ≥1.81.3 (sorting on ≥1.81.6); otherwise reads
   * /model/info once and pages here, on the server, never in the browser.
   */
  async function listPage(rawInput: ListModelsPageInput = {}, options: { purpose?: string } = {}): Promise<Page<LiteLLMDeployment>> {
    const input = parseInput(listModelsPageInputSchema, rawInput, "models.listPage");
    const { features } = await ctx.version();
    const canSort = !input.sortBy || features.supportsV2ModelSort;
    if (features.supportsV2ModelPagination && canSort) {
      const res = await http
        .call(
          {
            method: "GET",
            path: "/v2/model/info",
            query: {
              page: input.page,
              size: input.size,
              search: input.search || undefined,
              sortBy: input.sortBy,
              sortOrder: input.sortBy ? input.sortOrder : undefined,
              teamId: input.teamId,
            },
            purpose: options.purpose,
          },
          modelInfoV2ResponseSchema,
        )
        .catch((error: unknown) => {
          if (isEmptyModelList(error)) return { data: [], total_count: 0, current_page: input.page, total_pages: 1, size: input.size };
          throw error;
        });
      const totalCount = res.total_count ?? res.data.length;
      const pageSize = res.size ?? input.size;
      return {
        data: res.data,
        totalCount,
        page: res.current_page ?? input.page,
        pageSize,
        totalPages: res.total_pages ?? Math.max(1, Math.ceil(totalCount / pageSize)),
      };
    }
    return pageLocally(await list(), input);
  }

  /**
   * Adds a deployment. Always sends a client-chosen `model_info.id` so a timeout or a 500 can be resolved by looking
   * the id up (§8.20) instead of risking a second deployment in the group. Returns the deployment as /model/info shows
   * it (the create response holds encrypted params, §8.4).
   */
  async function create(rawInput: CreateModelInput): Promise<LiteLLMDeployment> {
    const input = parseInput(createModelInputSchema, rawInput, "models.create");
    const id = input.model_info?.id ?? randomUUID();
    const body = { model_name: input.model_name, litellm_params: input.litellm_params, model_info: { ...input.model_info, id } };
    try {
      await http.call({ method: "POST", path: "/model/new", body }, modelWriteResponseSchema);
    } catch (error) {
      const maybeWritten =
        isLiteLLMError(error) &&
        (error.type === "timeout" ||
          error.type === "connection_error" ||
          error.type === "invalid_response" ||
          (error.status !== undefined && error.status >= 500));
      if (!maybeWritten) throw error;
      const existing = await find(id).catch(() => null);
      // Only ours if it is what we sent: a caller-chosen id may collide with an older deployment.
      if (existing && existing.model_name === input.model_name && existing.litellm_params.model === input.litellm_params.model) {
        return existing;
      }
      throw error;
    }
    return reread(id);
  }

  /**
   * Updates a DB-stored deployment and returns it re-read. PATCH on ≥1.78, else POST /model/update (which ignores
   * `model_info` and `model_name` in 1.80, so those are refused there rather than silently dropped).
   *
   * `clear`: litellm_params keys to remove. See CLEARABLE_LITELLM_PARAMS for what LiteLLM can express. Clearing runs
   * first, as its own PATCH with explicit nulls, and is verified by re-reading; if the proxy ignored it the call throws
   * `clear_not_supported` before anything else is changed.
   */
  async function update(id: string, rawInput: UpdateModelInput): Promise<LiteLLMDeployment> {
    const input = parseInput(updateModelInputSchema, rawInput, "models.update");
    const { features } = await ctx.version();
    const clear = [...new Set(input.clear ?? [])];

    const contradictory = clear.filter((k) => input.litellm_params && k in input.litellm_params);
    if (contradictory.length) {
      throw new LiteLLMError({
        type: "invalid_request",
        message: `Cannot both set and clear ${contradictory.join(", ")} in one update.`,
      });
    }
    const unclearable = clear.filter((k) => !CLEARABLE_LITELLM_PARAMS.has(k));
    if (unclearable.length) {
      throw new LiteLLMError({
        type: "clear_not_supported",
        param: unclearable[0],
        message:
          `LiteLLM cannot remove ${unclearable.map((k) => `litellm_params.${k}`).join(", ")} from a deployment: its update ` +
          "endpoints merge into the stored settings and ignore empty values. Delete the deployment and add it again without it.",
      });
    }
    if (!features.supportsPatchModelUpdate) {
      const ignored = [
        clear.length ? "clearing fields" : "",
        input.model_info ? "model_info" : "",
        input.model_name !== undefined ? "renaming" : "",
        input.blocked !== undefined ? "blocking" : "",
      ].filter(Boolean);
      if (ignored.length) {
        throw new LiteLLMError({
          type: "unsupported_by_version",
          message: `This LiteLLM version only updates litellm_params (POST /model/update); it would ignore ${ignored.join(", ")}.`,
        });
      }
    }

    if (clear.length) {
      const current = await info(id);
      const present = clear.filter((k) => isSet(current.litellm_params[k]));
      if (present.length) {
        await http.call(
          { method: "PATCH", path: modelPath(id, "/update"), body: { litellm_params: Object.fromEntries(present.map((k) => [k, null])) } },
          modelWriteResponseSchema,
        );
        const after = await info(id);
        const stillSet = present.filter((k) => isSet(after.litellm_params[k]));
        if (stillSet.length) {
          throw new LiteLLMError({
            type: "clear_not_supported",
            param: stillSet[0],
            message:
              `This LiteLLM version ignored the request to remove ${stillSet.map((k) => `litellm_params.${k}`).join(", ")} ` +
              "(it keeps stored values when sent null). Nothing else was changed.",
          });
        }
      }
    }

    const hasChanges =
      input.model_name !== undefined ||
      (input.litellm_params !== undefined && Object.keys(input.litellm_params).length > 0) ||
      input.model_info !== undefined ||
      input.blocked !== undefined;
    if (hasChanges) {
      if (features.supportsPatchModelUpdate) {
        const body: Record<string, unknown> = {};
        if (input.model_name !== undefined) body.model_name = input.model_name;
        if (input.litellm_params) body.litellm_params = input.litellm_params;
        if (input.model_info) body.model_info = { ...input.model_info, id };
        if (input.blocked !== undefined) body.blocked = input.blocked;
        await http.call({ method: "PATCH", path: modelPath(id, "/update"), body }, modelWriteResponseSchema);
      } else {
        await http.call(
          { method: "POST", path: "/model/update", body: { litellm_params: input.litellm_params ?? {}, model_info: { id } } },
          modelWriteResponseSchema,
        );
      }
    }
    return reread(id);
  }

  /** Deletes a DB-stored deployment. Unknown and config-only ids answer 400 "not found in db" (isNotFound). */
  async function remove(id: string): Promise<ModelDeleteResult> {
    return http.call({ method: "POST", path: "/model/delete", body: { id } }, modelDeleteResponseSchema);
  }

  return { list, listPage, find, info, groupInfo, create, update, delete: remove };
}

export type ModelsApi = ReturnType<typeof createModelsApi>;

type SortKey = NonNullable<ReturnType<typeof listModelsPageInputSchema.parse>["sortBy"]>;

function sortValue(d: LiteLLMDeployment, key: SortKey): string | number {
  switch (key) {
    case "model_name":
      return (d.model_info.team_public_model_name ?? d.model_name).toLowerCase();
    case "created_at":
      return d.model_info.created_at ?? "";
    case "updated_at":
      return d.model_info.updated_at ?? "";
    case "costs":
      return (d.model_info.input_cost_per_token ?? 0) + (d.model_info.output_cost_per_token ?? 0);
    case "status":
      return d.model_info.blocked ? 1 : 0;
  }
}

/** The pre-1.81.3 fallback: search and sort like /v2/model/info does, then slice. Exported for tests. */
export function pageLocally(
  all: LiteLLMDeployment[],
  input: { page: number; size: number; search?: string; sortBy?: SortKey; sortOrder: "asc" | "desc" },
): Page<LiteLLMDeployment> {
  const needle = input.search?.toLowerCase();
  let rows = needle
    ? all.filter(
        (d) => d.model_name.toLowerCase().includes(needle) || (d.model_info.team_public_model_name ?? "").toLowerCase().includes(needle),
      )
    : all;
  if (input.sortBy) {
    const key = input.sortBy;
    const dir = input.sortOrder === "desc" ? -1 : 1;
    rows = [...rows].sort((a, b) => {
      const va = sortValue(a, key);
      const vb = sortValue(b, key);
      return va < vb ? -dir : va > vb ? dir : 0;
    });
  }
  const totalCount = rows.length;
  const totalPages = Math.max(1, Math.ceil(totalCount / input.size));
  const start = (input.page - 1) * input.size;
  return { data: rows.slice(start, start + input.size), totalCount, page: input.page, pageSize: input.size, totalPages };
}
