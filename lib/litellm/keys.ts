import "server-only";

import { createHash } from "node:crypto";

import { LiteLLMError } from "./errors";
import { parseInput, type ClientContext } from "./http";
import type { Page } from "./schemas/common";
import {
  deleteKeysInputSchema,
  deleteKeysResponseSchema,
  generateKeyInputSchema,
  generateKeyResponseSchema,
  keyInfoResponseSchema,
  keyListResponseSchema,
  keyRecordSchema,
  listKeysInputSchema,
  regenerateKeyInputSchema,
  updateKeyInputSchema,
  updateKeyResponseSchema,
  type DeleteKeysInput,
  type DeleteKeysResult,
  type GenerateKeyInput,
  type KeyRef,
  type LiteLLMGenerateKeyResponse,
  type LiteLLMKeyRecord,
  type ListKeysInput,
  type RegenerateKeyInput,
  type UpdateKeyInput,
} from "./schemas/keys";

/**
 * LiteLLM's key id: sha256 hex of the raw key (utils.py hash_token). Every key endpoint accepts the hash, so raw
 * keys are hashed here and never travel again (and never land in a URL).
 */
export function toKeyHash(keyOrHash: string): string {
  return keyOrHash.startsWith("sk-") ? createHash("sha256").update(keyOrHash).digest("hex") : keyOrHash;
}

/** A key just created or regenerated. `key` is the raw secret: hand it to the user once, store only `token`. */
export interface GeneratedKey {
  key: string;
  token: string;
  keyName: string | null;
  keyAlias: string | null;
  /** ISO timestamp, or null when the key never expires. */
  expires: string | null;
  /** The rest of LiteLLM's answer, without the raw key. */
  record: LiteLLMKeyRecord;
}

function toGeneratedKey(res: LiteLLMGenerateKeyResponse, expires: string | null | undefined): GeneratedKey {
  const { key, ...rest } = res;
  const token = res.token ?? res.token_id ?? toKeyHash(key);
  return {
    key,
    token,
    keyName: res.key_name ?? null,
    keyAlias: res.key_alias ?? null,
    expires: expires ?? null,
    record: { ...rest, token, expires: expires ?? null },
  };
}

export function createKeysApi(ctx: ClientContext) {
  const { http } = ctx;

  async function info(keyOrHash: string): Promise<LiteLLMKeyRecord> {
    const token = toKeyHash(keyOrHash);
    const res = await http.call({ method: "GET", path: "/key/info", query: { key: token } }, keyInfoResponseSchema);
    // /key/info drops `token` from the row (§2.4); put the id back.
    return { ...res.info, token: res.info.token ?? token };
  }

  /**
   * Creates a virtual key. On proxies whose `duration` is rounded to a calendar boundary (< 1.81, §8.11) the key is
   * created without it and the duration is applied through /key/update, which is exact everywhere; if that second
   * step fails the half-made key is deleted again so no never-expiring key is left behind.
   */
  async function generate(rawInput: GenerateKeyInput = {}): Promise<GeneratedKey> {
    const input = parseInput(generateKeyInputSchema, rawInput, "keys.generate");
    const { features } = await ctx.version();
    const deferDuration = Boolean(input.duration) && !features.keyDurationIsExact;
    const { duration, ...withoutDuration } = input;
    const body = deferDuration ? withoutDuration : input;
    const created = await http.call({ method: "POST", path: "/key/generate", body }, generateKeyResponseSchema);
    if (!deferDuration) return toGeneratedKey(created, created.expires);

    const token = created.token ?? created.token_id ?? toKeyHash(created.key);
    try {
      const updated = await http.call({ method: "POST", path: "/key/update", body: { key: token, duration } }, updateKeyResponseSchema);
      const expires = updated.expires ?? (await info(token)).expires;
      return toGeneratedKey(created, expires);
    } catch (error) {
      await http.request({ method: "POST", path: "/key/delete", body: { keys: [token] } }).catch(() => undefined);
      throw error;
    }
  }

  async function resolveAlias(alias: string): Promise<string> {
    const res = await http.call(
      { method: "GET", path: "/key/list", query: { key_alias: alias, return_full_object: true, size: 100 } },
      keyListResponseSchema,
    );
    // Older proxies filter by exact alias; newer may substring-match, so compare here.
    const tokens = res.keys
      .map((k) => (typeof k === "string" ? null : k))
      .filter((k): k is LiteLLMKeyRecord => k !== null && k.key_alias === alias && typeof k.token === "string")
      .map((k) => k.token as string);
    if (tokens.length === 0) {
      throw new LiteLLMError({ status: 404, type: "not_found_error", message: `No virtual key has the alias "${alias}".` });
    }
    if (tokens.length > 1) {
      throw new LiteLLMError({
        status: 409,
        type: "ambiguous_alias",
        param: "key_alias",
        message: `Several virtual keys have the alias "${alias}".`,
      });
    }
    return tokens[0]!;
  }

  /**
   * Updates a key found by hash/raw key, or by `{ alias }`. The alias goes to LiteLLM only where /key/update accepts
   * it (≥1.83.3) and is not itself being changed; otherwise it is resolved to the hash first.
   */
  async function update(ref: KeyRef, rawInput: UpdateKeyInput): Promise<LiteLLMKeyRecord> {
    const input = parseInput(updateKeyInputSchema, rawInput, "keys.update");
    let identity: { key: string } | { key_alias: string };
    if (typeof ref === "string") {
      identity = { key: toKeyHash(ref) };
    } else {
      const { features } = await ctx.version();
      identity =
        features.keyUpdateAcceptsAlias && input.key_alias === undefined ? { key_alias: ref.alias } : { key: await resolveAlias(ref.alias) };
    }
    const res = await http.call({ method: "POST", path: "/key/update", body: { ...identity, ...input } }, updateKeyResponseSchema);
    const { key: _echo, ...record } = res;
    void _echo;
    return "key" in identity ? { ...record, token: record.token ?? identity.key } : record;
  }

  /** Deletes keys by hash/raw key and/or alias. None found → 404 "No keys found" (isNotFound). */
  async function remove(rawInput: DeleteKeysInput): Promise<DeleteKeysResult> {
    const input = parseInput(deleteKeysInputSchema, rawInput, "keys.delete");
    const body = {
      ...(input.keys ? { keys: input.keys.map(toKeyHash) } : {}),
      ...(input.key_aliases ? { key_aliases: input.key_aliases } : {}),
    };
    return http.call({ method: "POST", path: "/key/delete", body }, deleteKeysResponseSchema);
  }

  /** One page of keys (full objects). `size` is capped at 100 here because LiteLLM rejects more (§8.14). */
  async function list(rawInput: ListKeysInput = {}): Promise<Page<LiteLLMKeyRecord>> {
    const input = parseInput(listKeysInputSchema, rawInput, "keys.list");
    const res = await http.call({ method: "GET", path: "/key/list", query: { ...input } }, keyListResponseSchema);
    const data = res.keys.map((k) => (typeof k === "string" ? { token: k } : k));
    const totalCount = res.total_count ?? data.length;
    return {
      data,
      totalCount,
      page: res.current_page ?? input.page,
      pageSize: input.size,
      totalPages: res.total_pages ?? Math.max(1, Math.ceil(totalCount / input.size)),
    };
  }

  async function block(keyOrHash: string): Promise<LiteLLMKeyRecord> {
    return http.call({ method: "POST", path: "/key/block", body: { key: toKeyHash(keyOrHash) } }, keyRecordSchema);
  }

  async function unblock(keyOrHash: string): Promise<LiteLLMKeyRecord> {
    return http.call({ method: "POST", path: "/key/unblock", body: { key: toKeyHash(keyOrHash) } }, keyRecordSchema);
  }

  /** New secret for an existing key (Enterprise-only on LiteLLM: isEnterpriseGated). */
  async function regenerate(keyOrHash: string, rawInput: RegenerateKeyInput = {}): Promise<GeneratedKey> {
    const input = parseInput(regenerateKeyInputSchema, rawInput, "keys.regenerate");
    const res = await http.call(
      { method: "POST", path: "/key/regenerate", body: { ...input, key: toKeyHash(keyOrHash) } },
      generateKeyResponseSchema,
    );
    return toGeneratedKey(res, res.expires);
  }

  return { generate, update, delete: remove, info, list, block, unblock, regenerate };
}

export type KeysApi = ReturnType<typeof createKeysApi>;
