import "server-only";

/**
 * The usage index: this replica's warm copy of LiteLLM's daily activity for the last WINDOW_DAYS UTC days, per table
 * (user, team, tag), compacted to per-group sums (day-index.ts). It serves the unfiltered admin and viewer usage page
 * in O(groups), never calling LiteLLM on the request path.
 *
 * Refresh (background, never on a request): every `refreshMs`, today and yesterday are read again (one call per table:
 * start_date=yesterday, end_date=today); older days are read once, newest first, in chunks sized from the last answer
 * so that one answer stays near TARGET_ENTRIES breakdown entries. Days before yesterday no longer change in LiteLLM.
 * The first usage page view starts it; with nobody looking for `idleMs` it stops (the days it read are kept).
 *
 * Bounded: at most `maxIds` groups per dimension (about 100 MB at 5,000 keys over 93 days); beyond that, or when one
 * day alone is more than LiteLLM pages in one read, the index declares itself too large and pages read LiteLLM
 * directly. A page shows how old the figures are ("as of 12 s ago"); older than three refresh intervals, the index is
 * not used and the page reads LiteLLM (so "LiteLLM down" is shown as such, not as old figures).
 */
import { getLiteLLM, type LiteLLMClient } from "@/lib/litellm";
import { teamNames } from "@/lib/keys/service";
import { logger } from "@/lib/logger";
import { describeAge } from "@/lib/deployments/snapshot";
import { answerEntries, emptyBucket, foldDay, IndexTooLargeError, TableIndex, type DayBucket, type IndexTable } from "./day-index";
import type { GroupBy } from "./schemas";
import { tableFor } from "./day-index";

const TABLES: IndexTable[] = ["user", "team", "tag"];
/** 90 days plus the UTC days a 90-day range in any time zone can touch. */
export const WINDOW_DAYS = 93;
/** Aim of one background read: about this many breakdown entries (a few MB of JSON). */
const TARGET_ENTRIES = 20_000;
const MAX_CHUNK_DAYS = 31;
const DAY_MS = 86_400_000;

export interface UsageIndexOptions {
  litellm?: () => LiteLLMClient;
  refreshMs?: number;
  idleMs?: number;
  maxIds?: number;
  now?: () => number;
}

export interface UsageIndexHit {
  index: TableIndex;
  asOf: number;
  teamNames: Map<string, string>;
}

export interface UsageIndexStatus {
  started: boolean;
  /** Days read per table (of WINDOW_DAYS). */
  days: Record<IndexTable, number>;
  asOf: number;
  lastError: string | null;
  tooLarge: string | null;
  /** The last refresh: when, how long, how many LiteLLM calls. */
  lastRefresh: { at: number; ms: number; calls: number } | null;
  refreshMs: number;
}

export interface UsageIndex {
  /** Index data for a page, or null (cold, stale, too large, or the range is not covered): never waits, never calls LiteLLM. */
  read(days: string[], groupBy: GroupBy): UsageIndexHit | null;
  /** Starts the background refresh if it is not running (idempotent) and notes that someone is looking. */
  touch(): void;
  /** One refresh now (concurrent callers share it). */
  refresh(): Promise<void>;
  status(): UsageIndexStatus;
  freshness(asOf: number): { asOf: number; age: string };
  stop(): void;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createUsageIndex(options: UsageIndexOptions = {}): UsageIndex {
  const client = options.litellm ?? getLiteLLM;
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 15_000;
  const idleMs = options.idleMs ?? 600_000;
  const maxIds = options.maxIds ?? 5_000;

  /** date → bucket and when it was read. */
  const buckets: Record<IndexTable, Map<string, { bucket: DayBucket; readAt: number }>> = { user: new Map(), team: new Map(), tag: new Map() };
  /** Days per read, per table (from the last answer's size). */
  const chunkDays: Record<IndexTable, number> = { user: 2, team: 2, tag: 2 };
  let snapshot: { tables: Partial<Record<IndexTable, TableIndex>>; asOf: number; teamNames: Map<string, string> } | null = null;
  let inflight: Promise<void> | null = null;
  let lastError: string | null = null;
  let tooLarge: string | null = null;
  let lastRefresh: UsageIndexStatus["lastRefresh"] = null;
  let lastTouch = 0;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function readChunk(litellm: LiteLLMClient, table: IndexTable, startDate: string, endDate: string, counter: { calls: number }) {
    const res = await litellm.spend.dailyActivity({ entity: table, startDate, endDate });
    counter.calls += res.calls;
    if (res.partial) return null;
    const readAt = now();
    const byDate = new Map<string, DayBucket>();
    let maxEntries = 1;
    for (const day of res.results) {
      byDate.set(day.date, foldDay(table, day, byDate.get(day.date)));
      maxEntries = Math.max(maxEntries, answerEntries(day));
    }
    for (let t = Date.parse(`${startDate}T00:00:00Z`); t <= Date.parse(`${endDate}T00:00:00Z`); t += DAY_MS) {
      const date = isoDate(t);
      buckets[table].set(date, { bucket: byDate.get(date) ?? emptyBucket(date), readAt });
    }
    chunkDays[table] = Math.max(1, Math.min(MAX_CHUNK_DAYS, Math.floor(TARGET_ENTRIES / maxEntries)));
    return true;
  }

  async function refreshRecent(litellm: LiteLLMClient, table: IndexTable, today: number, counter: { calls: number }) {
    const todayDate = isoDate(today);
    const yesterday = isoDate(today - DAY_MS);
    const oldest = isoDate(today - (WINDOW_DAYS - 1) * DAY_MS);
    for (const date of [...buckets[table].keys()]) if (date < oldest) buckets[table].delete(date);
    // Today and yesterday on every refresh: LiteLLM still adds to them.
    if (!(await readChunk(litellm, table, yesterday, todayDate, counter))) {
      if (!(await readChunk(litellm, table, todayDate, todayDate, counter)) || !(await readChunk(litellm, table, yesterday, yesterday, counter))) {
        throw new IndexTooLargeError(`one day of ${table} activity is more than LiteLLM answers in one read`);
      }
    }
  }

  async function fillOlder(litellm: LiteLLMClient, table: IndexTable, today: number, counter: { calls: number }) {
    // Older days once, newest first; a day read while it was still "yesterday" or later is final.
    let end = today - 2 * DAY_MS;
    const stop = today - (WINDOW_DAYS - 1) * DAY_MS;
    while (end >= stop) {
      const endDate = isoDate(end);
      const known = buckets[table].get(endDate);
      if (known && known.readAt >= Date.parse(`${endDate}T00:00:00Z`) + DAY_MS) {
        end -= DAY_MS;
        continue;
      }
      let days = chunkDays[table];
      let start = Math.max(stop, end - (days - 1) * DAY_MS);
      // Stop the chunk at a day already read.
      for (let t = end - DAY_MS; t >= start; t -= DAY_MS) {
        const k = buckets[table].get(isoDate(t));
        if (k && k.readAt >= t + DAY_MS) {
          start = t + DAY_MS;
          break;
        }
      }
      while (!(await readChunk(litellm, table, isoDate(start), endDate, counter))) {
        days = Math.floor((end - start) / DAY_MS + 1) >> 1;
        if (days < 1) throw new IndexTooLargeError(`one day of ${table} activity is more than LiteLLM answers in one read`);
        start = end - (days - 1) * DAY_MS;
        chunkDays[table] = days;
      }
      end = start - DAY_MS;
    }
  }

  function build(today: number): Partial<Record<IndexTable, TableIndex>> {
    const tables: Partial<Record<IndexTable, TableIndex>> = {};
    for (const table of TABLES) {
      // The contiguous run of read days ending today.
      const run: DayBucket[] = [];
      for (let t = today; t > today - WINDOW_DAYS * DAY_MS; t -= DAY_MS) {
        const b = buckets[table].get(isoDate(t));
        if (!b) break;
        run.push(b.bucket);
      }
      if (run.length) tables[table] = TableIndex.build(table, run.reverse(), maxIds);
    }
    return tables;
  }

  async function runRefresh() {
    const started = now();
    const counter = { calls: 0 };
    try {
      const litellm = client();
      const today = Date.parse(`${isoDate(started)}T00:00:00Z`);
      const names = await teamNames(litellm);
      for (const table of TABLES) await refreshRecent(litellm, table, today, counter);
      // Published as soon as it has something new, so short ranges are served while older days are still being read.
      const publish = () => (snapshot = { tables: build(today), asOf: started, teamNames: names });
      publish();
      for (const table of TABLES) {
        const before = counter.calls;
        await fillOlder(litellm, table, today, counter);
        if (counter.calls !== before) publish();
      }
      lastError = null;
      tooLarge = null;
    } catch (error) {
      if (error instanceof IndexTooLargeError) {
        tooLarge = error.message;
        snapshot = null;
        logger.warn("usage_index.too_large", { reason: error.message });
      } else {
        lastError = (error as Error).message;
        logger.warn("usage_index.refresh_failed", { error: lastError });
      }
    } finally {
      lastRefresh = { at: started, ms: now() - started, calls: counter.calls };
    }
  }

  function refresh(): Promise<void> {
    if (!inflight) inflight = runRefresh().finally(() => (inflight = null));
    return inflight;
  }

  function schedule() {
    if (!started) return;
    timer = setTimeout(() => {
      timer = null;
      if (now() - lastTouch > idleMs) {
        started = false; // nobody is looking: stop until the next page view
        return;
      }
      void refresh().finally(schedule);
    }, refreshMs);
    timer.unref?.();
  }

  return {
    read(days, groupBy) {
      if (!snapshot || tooLarge) return null;
      if (now() - snapshot.asOf > 3 * refreshMs && !inflight) return null; // a long first fill keeps what it published
      const index = snapshot.tables[tableFor(groupBy)];
      if (!index || !index.covers(days)) return null;
      return { index, asOf: snapshot.asOf, teamNames: snapshot.teamNames };
    },
    touch() {
      lastTouch = now();
      if (started) return;
      // Too large for the index: pages read LiteLLM; try again only after a while (the data may have shrunk).
      if (tooLarge && lastRefresh && now() - lastRefresh.at < idleMs) return;
      started = true;
      if (snapshot && now() - snapshot.asOf < refreshMs) schedule();
      else void refresh().finally(schedule);
    },
    refresh,
    status() {
      return {
        started,
        days: { user: buckets.user.size, team: buckets.team.size, tag: buckets.tag.size },
        asOf: snapshot?.asOf ?? 0,
        lastError,
        tooLarge,
        lastRefresh,
        refreshMs,
      };
    },
    freshness(asOf) {
      return { asOf, age: describeAge(asOf, now()) };
    },
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

// On globalThis so pages and route handlers of one process share one index.
const holder = globalThis as unknown as { gatehouseUsageIndex?: UsageIndex };

/** The process-wide usage index (this replica's); its background refresh starts on the first usage page view. */
export function getUsageIndex(): UsageIndex {
  holder.gatehouseUsageIndex ??= createUsageIndex();
  return holder.gatehouseUsageIndex;
}

/** Tests only. */
export function resetUsageIndexForTests(): void {
  holder.gatehouseUsageIndex?.stop();
  holder.gatehouseUsageIndex = undefined;
}
