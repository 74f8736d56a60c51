// The synthetic key segment must page exactly like one big sorted list.
import { describe, expect, it } from "vitest";
import { blankKeyRow, KeyStore, seededRawKey, type KeyListQuery, type KeyRow } from "./key-store";
import { sha256Hex } from "./util";
import { standardizedReset, parseDuration } from "./duration";

function storeWith(seeded: number, regular: Partial<KeyRow>[]): KeyStore {
  const s = new KeyStore();
  s.seedKeys(seeded);
  regular.forEach((r, i) => {
    const row = blankKeyRow(sha256Hex(`sk-regular-${i}`), r.created_at ?? new Date(Date.UTC(2025, 0, 1) + i * 1500).toISOString());
    Object.assign(row, r);
    s.insert(row);
  });
  return s;
}

function allPages(s: KeyStore, q: Omit<KeyListQuery, "page" | "size">, size: number): KeyRow[] {
  const out: KeyRow[] = [];
  for (let page = 1; ; page++) {
    const r = s.list({ ...q, page, size });
    out.push(...r.rows);
    if (r.rows.length < size) return out;
  }
}

describe("KeyStore with a seeded segment", () => {
  it("finds seeded keys by raw-key hash and by alias", () => {
    const s = storeWith(500, []);
    const t = sha256Hex(seededRawKey(123));
    expect(s.get(t)?.key_alias).toBe("seed-key-0000123");
    expect(s.findByAlias("seed-key-0000321")?.token).toBe(sha256Hex(seededRawKey(321)));
    expect(s.get("f".repeat(64))).toBeUndefined();
  });

  it("merges regular rows into created_at order across page boundaries", () => {
    // Regular rows interleave with seeded ones (seeded: base + i s; regular: base + 1.5 i s).
    const s = storeWith(
      300,
      Array.from({ length: 40 }, () => ({})),
    );
    const got = allPages(s, { sortBy: "created_at", sortOrder: "desc" }, 7);
    expect(got).toHaveLength(340);
    const times = got.map((r) => Date.parse(r.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(s.list({ sortBy: "created_at", sortOrder: "desc", page: 1, size: 10 }).total).toBe(340);
  });

  it("sorts by spend with NULL-last semantics on max_budget and honours deletions", () => {
    const s = storeWith(200, [{ spend: 50.5 }, { spend: 0 }, { max_budget: 3 }]);
    s.remove(sha256Hex(seededRawKey(10)));
    const bySpend = allPages(s, { sortBy: "spend", sortOrder: "asc" }, 13).map((r) => r.spend);
    expect(bySpend).toHaveLength(202);
    expect([...bySpend].sort((a, b) => a - b)).toEqual(bySpend);
    const byBudget = allPages(s, { sortBy: "max_budget", sortOrder: "asc" }, 50).map((r) => r.max_budget);
    const firstNull = byBudget.indexOf(null);
    expect(byBudget.slice(firstNull).every((v) => v === null)).toBe(true);
  });

  it("filters by user_id and alias substring, including modified seeded rows", () => {
    const s = storeWith(3000, [{ user_id: "seed-user-0005" }]);
    const row = s.get(sha256Hex(seededRawKey(6)))!;
    s.save({ ...row, user_id: "seed-user-0005" });
    const r = s.list({ userId: "seed-user-0005", sortBy: "created_at", sortOrder: "desc", page: 1, size: 100 });
    expect(r.total).toBe(3 + 1 + 1); // 5, 1005, 2005 + moved #6 + regular
    const sub = s.list({ keyAlias: "KEY-0000299", substring: true, sortBy: "created_at", sortOrder: "asc", page: 1, size: 100 });
    expect(sub.rows.map((x) => x.key_alias)).toEqual(["seed-key-0000299"]);
  });
});

describe("newest changes first (updated_at) with modified and deleted seeded keys", () => {
  it("pages exactly like a full sort, without sorting the segment", () => {
    const s = storeWith(500, [{ key_alias: "reg", updated_at: new Date(Date.UTC(2026, 5, 1)).toISOString() }]);
    for (const i of [3, 77, 250, 499]) {
      const row = s.get(sha256Hex(seededRawKey(i)))!;
      s.save({ ...row, updated_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() });
    }
    for (const i of [10, 11, 400]) s.remove(sha256Hex(seededRawKey(i)));
    const expected = s
      .list({ sortBy: "created_at", sortOrder: "asc", page: 1, size: 10_000 })
      .rows.sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || 0)
      .map((r) => r.token);
    for (const order of ["desc", "asc"] as const) {
      const got = allPages(s, { sortBy: "updated_at", sortOrder: order }, 37).map((r) => r.token);
      expect(got).toHaveLength(500 - 3 + 1);
      expect(new Set(got).size).toBe(got.length);
      const want = order === "desc" ? expected : [...expected].reverse();
      // Ties (equal updated_at) may come in either order; compare updated_at sequences and sets.
      expect(got.map((t) => s.get(t)!.updated_at)).toEqual(want.map((t) => s.get(t)!.updated_at));
      expect([...got].sort()).toEqual([...want].sort());
    }
    expect(allPages(s, { sortBy: "updated_at", sortOrder: "desc" }, 37)[0]!.key_alias).toBe("reg");
  });
});

describe("duration semantics (§3.4)", () => {
  const at = new Date("2026-03-18T15:42:10Z"); // a Wednesday
  it("standardized: 1d → next midnight, 7d → next Monday, 30d → 1st of next month, 1h → next hour", () => {
    expect(standardizedReset(parseDuration("1d")!, at).toISOString()).toBe("2026-03-19T00:00:00.000Z");
    expect(standardizedReset(parseDuration("7d")!, at).toISOString()).toBe("2026-03-23T00:00:00.000Z");
    expect(standardizedReset(parseDuration("30d")!, at).toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(standardizedReset(parseDuration("1h")!, at).toISOString()).toBe("2026-03-18T16:00:00.000Z");
  });
  it("rejects malformed durations", () => {
    expect(parseDuration("30 days")).toBeNull();
    expect(parseDuration("2mo")).toEqual({ value: 2, unit: "mo" });
  });
});
