/**
 * The usage index's pure half: LiteLLM's daily-activity answers folded, per UTC day, into compact per-group sums, and
 * prefix sums over the days so that any range of whole UTC days is summed in O(groups), whatever the data volume.
 * No I/O, no server-only: unit-tested against buildUsage (the same figures from the same answers).
 *
 * Why: LiteLLM ≤ 1.96 answers daily activity with one breakdown entry per active key per day (and again under every
 * model, model group, provider and entity), so reading a range costs what its active keys × days cost. The index
 * reads each UTC day once in the background (today and yesterday on every refresh) and the page reads the index.
 */
import { hrefFor, labelFor, MAX_SERIES, OTHER_SERIES, type ActivityDay, type ActivityMetrics, type UsageDay, type UsageGroup, type UsageResult, type UsageSeriesKey } from "./model";
import type { GroupBy } from "./schemas";

export type IndexTable = "user" | "team" | "tag";

/** Which table answers which group-by (as planActivity picks for an unfiltered admin view), and from where. */
export const INDEX_DIMENSIONS: Record<IndexTable, { groupBy: GroupBy; source: "entities" | "api_keys" | "model_groups" | "providers" }[]> = {
  user: [
    { groupBy: "key", source: "api_keys" },
    { groupBy: "model", source: "model_groups" },
    { groupBy: "provider", source: "providers" },
    { groupBy: "user", source: "entities" },
  ],
  team: [{ groupBy: "team", source: "entities" }],
  tag: [{ groupBy: "tag", source: "entities" }],
};

export const tableFor = (groupBy: GroupBy): IndexTable => (groupBy === "team" ? "team" : groupBy === "tag" ? "tag" : "user");

/** spend, requests, successes, failures, prompt, completion, tokens, presence (the group had an entry that day). */
const M = 8;
const SPEND = 0;
const REQUESTS = 1;

function metricsInto(out: Float64Array | number[], at: number, m: ActivityMetrics) {
  out[at + 0] += m.spend;
  out[at + 1] += m.api_requests;
  out[at + 2] += m.successful_requests;
  out[at + 3] += m.failed_requests;
  out[at + 4] += m.prompt_tokens;
  out[at + 5] += m.completion_tokens;
  out[at + 6] += m.total_tokens || m.prompt_tokens + m.completion_tokens;
  out[at + 7] += 1;
}

/** One UTC day of one table, compacted (the answer's nested api_key_breakdowns are dropped). */
export interface DayBucket {
  date: string;
  totals: Float64Array;
  dims: Partial<Record<GroupBy, Map<string, { m: Float64Array; meta: Record<string, unknown> | null }>>>;
}

export function emptyBucket(date: string): DayBucket {
  return { date, totals: new Float64Array(M), dims: {} };
}

/** Folds one day of a daily-activity answer into a bucket (a day can come back split over LiteLLM pages). */
export function foldDay(table: IndexTable, day: ActivityDay, into: DayBucket = emptyBucket(day.date)): DayBucket {
  metricsInto(into.totals, 0, day.metrics);
  for (const { groupBy, source } of INDEX_DIMENSIONS[table]) {
    const dim = (into.dims[groupBy] ??= new Map());
    for (const [id, entry] of Object.entries(day.breakdown[source] ?? {})) {
      let g = dim.get(id);
      if (!g) dim.set(id, (g = { m: new Float64Array(M), meta: (entry.metadata as Record<string, unknown> | null | undefined) ?? null }));
      metricsInto(g.m, 0, entry.metrics);
    }
  }
  return into;
}

/** A rough size of a day's answer: breakdown entries including nested api_key_breakdowns (to size the next read). */
export function answerEntries(day: ActivityDay): number {
  let n = 1;
  for (const group of Object.values(day.breakdown)) {
    for (const entry of Object.values(group as Record<string, { api_key_breakdown?: Record<string, unknown> }>)) {
      n += 1 + (entry.api_key_breakdown ? Object.keys(entry.api_key_breakdown).length : 0);
    }
  }
  return n;
}

interface DimIndex {
  ids: string[];
  meta: (Record<string, unknown> | null)[];
  /** prefix[(g * (days + 1) + d) * M + k]: metric k of group g summed over days [0, d). */
  prefix: Float64Array;
  /** Sum over every group, per day (prefix, M per day): what "Other" is taken from. */
  groupSum: Float64Array;
}

export class IndexTooLargeError extends Error {}

/** Prefix sums of one table over contiguous UTC days. Immutable once built. */
export class TableIndex {
  readonly dateIdx = new Map<string, number>();
  private constructor(
    readonly dates: string[],
    private readonly totals: Float64Array,
    private readonly dims: Map<GroupBy, DimIndex>,
  ) {
    dates.forEach((d, i) => this.dateIdx.set(d, i));
  }

  /** `buckets` must be sorted by date and contiguous. Throws IndexTooLargeError above `maxIds` groups in a dimension. */
  static build(table: IndexTable, buckets: DayBucket[], maxIds: number): TableIndex {
    const n = buckets.length;
    const totals = new Float64Array((n + 1) * M);
    buckets.forEach((b, d) => {
      for (let k = 0; k < M; k++) totals[(d + 1) * M + k] = totals[d * M + k] + b.totals[k];
    });
    const dims = new Map<GroupBy, DimIndex>();
    for (const { groupBy } of INDEX_DIMENSIONS[table]) {
      const pos = new Map<string, number>();
      const ids: string[] = [];
      const meta: (Record<string, unknown> | null)[] = [];
      for (const b of buckets) {
        for (const [id, g] of b.dims[groupBy] ?? []) {
          const at = pos.get(id);
          if (at === undefined) {
            pos.set(id, ids.length);
            ids.push(id);
            meta.push(g.meta);
          } else if (g.meta) meta[at] = g.meta; // the latest day's metadata wins (buckets are in date order)
        }
      }
      if (ids.length > maxIds) throw new IndexTooLargeError(`${ids.length} ${groupBy} groups (the index keeps at most ${maxIds})`);
      const stride = (n + 1) * M;
      const prefix = new Float64Array(ids.length * stride);
      const groupSum = new Float64Array((n + 1) * M);
      buckets.forEach((b, d) => {
        const day = b.dims[groupBy];
        for (let k = 0; k < M; k++) groupSum[(d + 1) * M + k] = groupSum[d * M + k];
        for (let g = 0; g < ids.length; g++) {
          const base = g * stride;
          for (let k = 0; k < M; k++) prefix[base + (d + 1) * M + k] = prefix[base + d * M + k];
        }
        if (!day) return;
        for (const [id, v] of day) {
          const base = pos.get(id)! * stride + (d + 1) * M;
          for (let k = 0; k < M; k++) {
            prefix[base + k] += v.m[k];
            groupSum[(d + 1) * M + k] += v.m[k];
          }
        }
      });
      dims.set(groupBy, { ids, meta, prefix, groupSum });
    }
    return new TableIndex(
      buckets.map((b) => b.date),
      totals,
      dims,
    );
  }

  /** Whether every day is in the index (and they are contiguous, as range days are). */
  covers(days: string[]): boolean {
    if (days.length === 0) return false;
    const a = this.dateIdx.get(days[0]!);
    const b = this.dateIdx.get(days[days.length - 1]!);
    return a !== undefined && b !== undefined && b - a === days.length - 1;
  }

  groupCount(groupBy: GroupBy): number {
    return this.dims.get(groupBy)?.ids.length ?? 0;
  }

  /**
   * The same UsageResult buildUsage makes from the same answers, in O(groups + days × series): totals and each
   * group's sums over the range are differences of prefix sums.
   */
  summarize(input: { days: string[]; groupBy: GroupBy; top: number; labels: { team(id: string): string | undefined }; allGroups?: boolean }): UsageResult {
    const { days, groupBy, labels } = input;
    if (!this.covers(days)) throw new Error("range not covered by the usage index");
    const a = this.dateIdx.get(days[0]!)!;
    const b = a + days.length;
    const dim = this.dims.get(groupBy);
    if (!dim) throw new Error(`the index has no ${groupBy} dimension`);
    const T = this.totals;
    const sum = (arr: Float64Array, base: number, k: number, from: number, to: number) => arr[base + to * M + k]! - arr[base + from * M + k]!;
    const metricsOf = (arr: Float64Array, base: number, from: number, to: number) => ({
      spend: sum(arr, base, 0, from, to),
      requests: sum(arr, base, 1, from, to),
      successes: sum(arr, base, 2, from, to),
      failures: sum(arr, base, 3, from, to),
      promptTokens: sum(arr, base, 4, from, to),
      completionTokens: sum(arr, base, 5, from, to),
      tokens: sum(arr, base, 6, from, to),
    });
    const totals = metricsOf(T, 0, a, b);

    // Groups present in the range, ordered as buildUsage orders them: spend, then requests desc, then label. Only the
    // groups shown (top N and the chart's series) are ordered and built, unless every group is asked for (CSV).
    const stride = (this.dates.length + 1) * M;
    const labelCache = new Map<number, string>();
    const label = (g: number) => {
      let l = labelCache.get(g);
      if (l === undefined) labelCache.set(g, (l = labelFor(groupBy, dim.ids[g]!, dim.meta[g], labels)));
      return l;
    };
    const spend = new Float64Array(dim.ids.length);
    const requests = new Float64Array(dim.ids.length);
    const before = (x: number, y: number) => spend[y]! - spend[x]! || requests[y]! - requests[x]! || label(x).localeCompare(label(y));
    const keep = input.allGroups ? Infinity : Math.max(input.top, MAX_SERIES + 1);
    let shown: number[] = [];
    let all: number[] = [];
    let groupSpend = 0;
    let groupCount = 0;
    for (let g = 0; g < dim.ids.length; g++) {
      const base = g * stride;
      if (sum(dim.prefix, base, 7, a, b) <= 0) continue;
      groupCount++;
      spend[g] = sum(dim.prefix, base, SPEND, a, b);
      requests[g] = sum(dim.prefix, base, REQUESTS, a, b);
      groupSpend += spend[g]!;
      if (input.allGroups) {
        all.push(g);
        continue;
      }
      if (shown.length >= keep && before(g, shown[shown.length - 1]!) >= 0) continue;
      let lo = 0;
      let hi = shown.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(shown[mid]!, g) <= 0) lo = mid + 1;
        else hi = mid;
      }
      shown.splice(lo, 0, g);
      if (shown.length > keep) shown.pop();
    }
    if (input.allGroups) shown = all.sort(before);
    all = [];
    const present = shown;
    const toGroup = (g: number): UsageGroup => {
      const id = dim.ids[g]!;
      return { ...metricsOf(dim.prefix, g * stride, a, b), id, label: label(g), href: hrefFor(groupBy, id), share: groupSpend > 0 ? spend[g]! / groupSpend : 0 };
    };
    const groups: UsageGroup[] = present.map(toGroup);

    const seriesGroups = present.slice(0, MAX_SERIES);
    const series: UsageSeriesKey[] = seriesGroups.map((g) => ({ id: dim.ids[g]!, label: label(g) }));
    const hasOther = groupCount > MAX_SERIES;
    if (hasOther) series.push({ id: OTHER_SERIES, label: "Other" });
    const outDays: UsageDay[] = days.map((date, i) => {
      const d = a + i;
      const byGroup: Record<string, number> = {};
      let seriesSpend = 0;
      for (const g of seriesGroups) {
        const v = sum(dim.prefix, g * stride, SPEND, d, d + 1);
        byGroup[dim.ids[g]!] = v;
        seriesSpend += v;
      }
      if (hasOther) byGroup[OTHER_SERIES] = Math.max(0, sum(dim.groupSum, 0, SPEND, d, d + 1) - seriesSpend);
      return { date, ...metricsOf(T, 0, d, d + 1), byGroup };
    });
    return {
      totals,
      days: outDays,
      groups: input.allGroups ? groups : groups.slice(0, input.top),
      groupCount,
      top: groups.slice(0, input.top),
      series,
      hasData: totals.requests > 0,
    };
  }
}
