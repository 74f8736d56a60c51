import "server-only";

import { getEnv } from "@/lib/env";
import { getLiteLLM, type LiteLLMClient } from "@/lib/litellm";
import { logger } from "@/lib/logger";

import {
  DeploymentSnapshot,
  describeAge,
  sameDeployment,
  toIndexed,
  type DeploymentChange,
  type DeploymentSource,
  type IndexedDeployment,
} from "./snapshot";

/**
 * The deployment index: every LiteLLM deployment in this replica's memory, kept warm in the background.
 *
 * - Warm-up: one full paged read (/v2/model/info, 200 per page; /model/info once on proxies without paging). It
 *   starts with the server (instrumentation) or on first use; the very first request waits for it, every later
 *   request reads the snapshot in memory and never calls LiteLLM for deployments.
 * - Incremental refresh every DEPLOYMENT_INDEX_REFRESH_MS (10 s): /v2/model/info sorted by updated_at, newest first,
 *   read until the first row the index already has unchanged (usually one call of 50 rows). A total_count that does
 *   not match the index means something was deleted (or missed): a full paged read follows at once.
 * - Full paged read every DEPLOYMENT_INDEX_FULL_SYNC_MS (5 min) as a safety net (config.yaml models, missed rows).
 * - refreshAfterWrite(): the replica that wrote applies its own change at once, then refreshes in the background.
 *
 * Per replica, not shared: each console process keeps its own index (≈ 16 MB for 20,000 deployments with their secret-free settings, see README).
 * Sharing through the database would put a DB round trip and a 20,000-row read on every page instead of a memory
 * lookup, and would not remove the staleness between LiteLLM and the shared copy.
 */

export const INDEX_PURPOSE = "deployment-index";
const FULL_PAGE_SIZE = 200;
const INCREMENTAL_PAGE_SIZE = 50;
const MAX_INCREMENTAL_PAGES = 4;

export interface DeploymentIndexOptions {
  /** Default: the process-wide client. */
  litellm?: () => LiteLLMClient;
  refreshMs?: number;
  fullSyncMs?: number;
  now?: () => number;
}

export interface DeploymentIndexStatus {
  warm: boolean;
  /** When LiteLLM last confirmed the snapshot (epoch ms), 0 when cold. */
  asOf: number;
  version: number;
  size: number;
  refreshMs: number;
  fullSyncMs: number;
  /** The last background refresh failed: the snapshot is older than the refresh interval says. */
  lastError: string | null;
  lastFullSync: { at: number; ms: number; calls: number } | null;
  /** LiteLLM calls this index has made since it was created (a reader compares two readings). */
  calls: number;
}

/** What a page shows next to data read from the index. */
export interface Freshness {
  asOf: number;
  /** "12 s ago" */
  age: string;
  /** Older than three refresh intervals (LiteLLM has not answered lately). */
  stale: boolean;
  lastError: string | null;
}

export type DeploymentIndexListener = (event: { snapshot: DeploymentSnapshot; previous: DeploymentSnapshot; change: DeploymentChange }) => void;

/** A write this replica made, replayed over any read that started before it finished. */
interface OwnWrite {
  seq: number;
  upserts: IndexedDeployment[];
  removeIds: string[];
}

export interface DeploymentIndex {
  /** The current snapshot; waits only while the index is cold (first warm-up). */
  snapshot(): Promise<DeploymentSnapshot>;
  /** The current snapshot, or null while cold (never waits, never calls LiteLLM). */
  peek(): DeploymentSnapshot | null;
  /**
   * After this replica wrote to LiteLLM: applies what it knows at once (the re-read deployment, the deleted id) so the
   * operator sees the change immediately, then asks LiteLLM in the background. Returns the updated snapshot.
   */
  refreshAfterWrite(write?: { upsert?: DeploymentSource[]; removeIds?: string[] }): DeploymentSnapshot | null;
  /** Asks LiteLLM now (incremental, or a full read when `full`); concurrent callers share one refresh. */
  refresh(options?: { full?: boolean }): Promise<DeploymentSnapshot>;
  freshness(snapshot?: DeploymentSnapshot | null): Freshness;
  status(): DeploymentIndexStatus;
  /** Called synchronously after every change (derived indexes, e.g. the alias checks', update themselves). */
  subscribe(listener: DeploymentIndexListener): () => void;
  /** Starts the background timer (idempotent). */
  start(): void;
  stop(): void;
}

export function createDeploymentIndex(options: DeploymentIndexOptions = {}): DeploymentIndex {
  const client = options.litellm ?? getLiteLLM;
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 10_000;
  const fullSyncMs = options.fullSyncMs ?? 300_000;

  let current: DeploymentSnapshot | null = null;
  let warming: Promise<DeploymentSnapshot> | null = null;
  let inflight: { promise: Promise<DeploymentSnapshot>; full: boolean } | null = null;
  let lastFullAt = 0;
  let needFull = true;
  let watermark: string | null = null;
  let lastError: string | null = null;
  let lastFullSync: DeploymentIndexStatus["lastFullSync"] = null;
  let writeSeq = 0;
  let totalCalls = 0;
  let ownWrites: OwnWrite[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  const listeners = new Set<DeploymentIndexListener>();

  function publish(next: DeploymentSnapshot, change: DeploymentChange) {
    const previous = current ?? DeploymentSnapshot.empty();
    current = next;
    for (const d of change.upserted) if (d.updatedAt && (!watermark || d.updatedAt > watermark)) watermark = d.updatedAt;
    if (change.upserted.length === 0 && change.removed.length === 0) return;
    for (const listener of listeners) {
      try {
        listener({ snapshot: next, previous, change });
      } catch (error) {
        logger.error("deployment_index.listener_failed", { error: (error as Error).message });
      }
    }
  }

  /** Replays this replica's writes made after `sinceSeq` over a freshly read snapshot. */
  function replayOwnWrites(base: DeploymentSnapshot, sinceSeq: number): { snapshot: DeploymentSnapshot; change: DeploymentChange } {
    let snapshot = base;
    const change: DeploymentChange = { upserted: [], removed: [] };
    for (const w of ownWrites) {
      if (w.seq <= sinceSeq) continue;
      const r = snapshot.apply(w.upserts, w.removeIds, snapshot.asOf);
      snapshot = r.snapshot;
      change.upserted.push(...r.change.upserted);
      change.removed.push(...r.change.removed);
    }
    return { snapshot, change };
  }

  async function fullRead(): Promise<{ rows: IndexedDeployment[]; calls: number }> {
    const litellm = client();
    const { features } = await litellm.version();
    if (!features.supportsV2ModelPagination) {
      // Older proxies cannot page: one /model/info read, in the background only.
      totalCalls++;
      return { rows: (await litellm.models.list({ purpose: INDEX_PURPOSE })).map(toIndexed), calls: 1 };
    }
    const byId = new Map<string, IndexedDeployment>();
    let page = 1;
    let totalPages = 1;
    let calls = 0;
    do {
      const res = await litellm.models.listPage(
        { page, size: FULL_PAGE_SIZE, ...(features.supportsV2ModelSort ? { sortBy: "created_at" as const, sortOrder: "asc" as const } : {}) },
        { purpose: INDEX_PURPOSE },
      );
      calls++;
      totalCalls++;
      for (const d of res.data) byId.set(d.model_info.id, toIndexed(d));
      totalPages = res.totalPages;
      page++;
    } while (page <= totalPages);
    return { rows: [...byId.values()], calls };
  }

  async function runFull(): Promise<DeploymentSnapshot> {
    const startedAt = now();
    const sinceSeq = writeSeq;
    const { rows, calls } = await fullRead();
    const base = current ?? DeploymentSnapshot.empty();
    const replaced = base.replace(rows, startedAt);
    const replayed = replayOwnWrites(replaced.snapshot, sinceSeq);
    watermark = null;
    for (const d of rows) if (d.updatedAt && (!watermark || d.updatedAt > watermark)) watermark = d.updatedAt;
    publish(replayed.snapshot, {
      upserted: [...replaced.change.upserted, ...replayed.change.upserted],
      removed: [...replaced.change.removed, ...replayed.change.removed],
    });
    ownWrites = ownWrites.filter((w) => w.seq > sinceSeq);
    lastFullAt = startedAt;
    needFull = false;
    lastFullSync = { at: startedAt, ms: now() - startedAt, calls };
    return current!;
  }

  /** Newest changes first, until a row the index already has unchanged; null = a full read is needed. */
  async function runIncremental(): Promise<DeploymentSnapshot | null> {
    const base = current;
    if (!base) return null;
    const litellm = client();
    const { features } = await litellm.version();
    if (!features.supportsV2ModelPagination || !features.supportsV2ModelSort) return null;
    const startedAt = now();
    const sinceSeq = writeSeq;
    if (!watermark) {
      // No deployment carries updated_at (config.yaml only, or a proxy that omits it): only the count can be compared;
      // edits made elsewhere then show at the next full read.
      const res = await litellm.models.listPage({ page: 1, size: 1 }, { purpose: INDEX_PURPOSE });
      totalCalls++;
      if (res.totalCount !== base.size) return null;
      const confirmed = base.apply([], [], startedAt);
      publish(confirmed.snapshot, confirmed.change);
      return current;
    }
    const upserts: IndexedDeployment[] = [];
    let total = 0;
    let reachedKnown = false;
    let exhausted = false;
    for (let page = 1; page <= MAX_INCREMENTAL_PAGES; page++) {
      const res = await litellm.models.listPage(
        { page, size: INCREMENTAL_PAGE_SIZE, sortBy: "updated_at", sortOrder: "desc" },
        { purpose: INDEX_PURPOSE },
      );
      totalCalls++;
      total = res.totalCount;
      for (const raw of res.data) {
        const d = toIndexed(raw);
        const known = base.get(d.id);
        const same = known !== undefined && sameDeployment(known, d);
        // Rows without updated_at (config.yaml) do not tell where the news ends; the full read covers them.
        if (same && d.updatedAt && watermark && d.updatedAt < watermark) {
          reachedKnown = true;
          break;
        }
        if (!same) upserts.push(d);
      }
      if (reachedKnown || page >= res.totalPages) break;
      if (page === MAX_INCREMENTAL_PAGES) exhausted = true;
    }
    if (exhausted) return null;
    const applied = (current ?? base).apply(upserts, [], startedAt);
    const replayed = replayOwnWrites(applied.snapshot, sinceSeq);
    // Deletions do not show up in "newest first": a count that differs from LiteLLM's means a full read.
    if (replayed.snapshot.size !== total) return null;
    publish(replayed.snapshot, {
      upserted: [...applied.change.upserted, ...replayed.change.upserted],
      removed: [...applied.change.removed, ...replayed.change.removed],
    });
    ownWrites = ownWrites.filter((w) => w.seq > sinceSeq);
    return current;
  }

  function refresh(opts: { full?: boolean } = {}): Promise<DeploymentSnapshot> {
    if (inflight && (inflight.full || !opts.full)) return inflight.promise;
    const full = Boolean(opts.full) || needFull || !current || now() - lastFullAt >= fullSyncMs;
    const run = async () => {
      try {
        const result = (full ? null : await runIncremental()) ?? (await runFull());
        lastError = null;
        return result;
      } catch (error) {
        lastError = (error as Error).message;
        logger.warn("deployment_index.refresh_failed", { error: lastError, full });
        throw error;
      }
    };
    const previous = inflight?.promise;
    // A full read asked for while an incremental one runs starts after it (one read at a time).
    const promise = (previous ? previous.catch(() => undefined).then(run) : run()).finally(() => {
      if (inflight?.promise === promise) inflight = null;
    });
    inflight = { promise, full };
    return promise;
  }

  function schedule() {
    if (!started) return;
    timer = setTimeout(() => {
      refresh()
        .catch(() => undefined)
        .finally(schedule);
    }, refreshMs);
    timer.unref?.();
  }

  function start() {
    if (started) return;
    started = true;
    if (!current && !warming) void warm().catch(() => undefined);
    schedule();
  }

  function warm(): Promise<DeploymentSnapshot> {
    warming ??= refresh({ full: true }).finally(() => {
      warming = null;
    });
    return warming;
  }

  return {
    async snapshot() {
      start();
      return current ?? warm();
    },
    peek: () => current,
    refreshAfterWrite(write = {}) {
      const upserts = (write.upsert ?? []).map(toIndexed);
      const removeIds = write.removeIds ?? [];
      if (current) {
        ownWrites.push({ seq: ++writeSeq, upserts, removeIds });
        const applied = current.apply(upserts, removeIds, current.asOf);
        publish(applied.snapshot, applied.change);
      }
      void refresh().catch(() => undefined);
      return current;
    },
    refresh,
    freshness(snapshot = current) {
      const asOf = snapshot?.asOf ?? 0;
      return { asOf, age: asOf ? describeAge(asOf, now()) : "never", stale: !asOf || now() - asOf > 3 * refreshMs, lastError };
    },
    status: () => ({
      warm: current !== null,
      asOf: current?.asOf ?? 0,
      version: current?.version ?? 0,
      size: current?.size ?? 0,
      refreshMs,
      fullSyncMs,
      lastError,
      lastFullSync,
      calls: totalCalls,
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start,
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

// On globalThis so pages, server actions and route handlers of one process share one index.
const holder = globalThis as unknown as { gatehouseDeploymentIndex?: DeploymentIndex };

/** The process-wide index (this replica's), configured from lib/env.ts. Starts its background refresh on first use. */
export function getDeploymentIndex(): DeploymentIndex {
  if (!holder.gatehouseDeploymentIndex) {
    let intervals: Pick<DeploymentIndexOptions, "refreshMs" | "fullSyncMs"> = {};
    try {
      const env = getEnv();
      intervals = { refreshMs: env.DEPLOYMENT_INDEX_REFRESH_MS, fullSyncMs: env.DEPLOYMENT_INDEX_FULL_SYNC_MS };
    } catch {
      // The server validates the environment at start (instrumentation); unit tests that inject a client have none.
    }
    holder.gatehouseDeploymentIndex = createDeploymentIndex(intervals);
  }
  return holder.gatehouseDeploymentIndex;
}

/** Tests only: stop and forget the process-wide index. */
export function resetDeploymentIndexForTests(): void {
  holder.gatehouseDeploymentIndex?.stop();
  holder.gatehouseDeploymentIndex = undefined;
}

export { DeploymentSnapshot, describeAge, pageOf, toIndexed } from "./snapshot";
export type { DeploymentChange, DeploymentFilter, DeploymentSort, DeploymentSource, IndexedDeployment, SnapshotCounts } from "./snapshot";
