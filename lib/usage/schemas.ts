import { z } from "zod";

import { addDays, daysBetween, isValidTimeZone, MAX_RANGE_DAYS, RANGE_PRESETS } from "./range";

/** Pure schemas shared by the usage pages, the CSV route and the actions (no server-only). */

export const GROUP_BY = ["team", "key", "user", "model", "provider", "tag"] as const;
export type GroupBy = (typeof GROUP_BY)[number];
export const GROUP_LABELS: Record<GroupBy, string> = {
  team: "Team",
  key: "Key",
  user: "User",
  model: "Model",
  provider: "Provider",
  tag: "Tag",
};

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const name = (label: string, max = 256) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters`)
    .regex(NO_CONTROL, `${label} has control characters`)
    .optional()
    .transform((v) => (v ? v : undefined));
const isoDay = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
      message: `${label} must be a date (YYYY-MM-DD)`,
    });

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const fromParam = <S extends z.ZodType>(schema: S) => z.preprocess(first, schema);

/**
 * The usage query: a range (preset or custom local dates), a group-by and filters. Parsed from URL search params,
 * so every field is a string on the way in. Field errors name the field, never a 500.
 */
export const usageQuerySchema = z
  .object({
    range: fromParam(z.enum(RANGE_PRESETS, { error: "Choose 24h, 7d, 30d, 90d or a custom range" }).default("7d")),
    from: fromParam(isoDay("Start date")),
    to: fromParam(isoDay("End date")),
    groupBy: fromParam(z.enum(GROUP_BY, { error: "Group by team, key, user, model, provider or tag" }).default("team")),
    team: fromParam(name("Team")),
    key: fromParam(
      z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || /^[0-9a-f]{64}$/.test(v), { message: "Key must be a key's token hash (64 hex characters)" }),
    ),
    model: fromParam(name("Model")),
    user: fromParam(name("User")),
    tag: fromParam(name("Tag", 128)),
    top: fromParam(z.coerce.number({ error: "Top must be a number" }).int("Top must be a whole number").min(1, "Top is at least 1").max(100, "Top is at most 100").default(10)),
    tz: fromParam(
      z
        .string()
        .optional()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || isValidTimeZone(v), { message: "Unknown time zone" }),
    ),
  })
  .superRefine((q, ctx) => {
    if (q.range === "custom") {
      if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "A custom range needs a start date" });
      if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "A custom range needs an end date" });
    }
    if (q.from && q.to) {
      if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date" });
      else if (daysBetween(q.from, q.to) + 1 > MAX_RANGE_DAYS)
        ctx.addIssue({ code: "custom", path: ["from"], message: `Ranges are limited to ${MAX_RANGE_DAYS} days; choose a later start date` });
    }
    if (q.tag && q.team) ctx.addIssue({ code: "custom", path: ["tag"], message: "Filter by a tag or by a team, not both (LiteLLM keeps tag and team totals apart)" });
    if (q.groupBy === "tag" && q.team) ctx.addIssue({ code: "custom", path: ["groupBy"], message: "Grouping by tag cannot be combined with a team filter" });
    if (q.groupBy === "user" && (q.team || q.tag)) ctx.addIssue({ code: "custom", path: ["groupBy"], message: "Grouping by user cannot be combined with a team or tag filter" });
    if (q.user && (q.team || q.tag)) ctx.addIssue({ code: "custom", path: ["user"], message: "Filter by a user, a team or a tag — one at a time" });
  });
export type UsageQuery = z.infer<typeof usageQuerySchema>;
export type UsageQueryInput = z.input<typeof usageQuerySchema>;

export type FieldErrors = Record<string, string[]>;
export type ParsedQuery = { ok: true; query: UsageQuery } | { ok: false; fieldErrors: FieldErrors; query: UsageQuery };

function collect(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_form"] ??= []).push(issue.message);
  return out;
}

/** Parses search params; on errors also returns a safe default query so the page can show the form with the errors. */
export function parseUsageQuery(params: Record<string, string | string[] | undefined>): ParsedQuery {
  const res = usageQuerySchema.safeParse(params);
  if (res.success) return { ok: true, query: res.data };
  const fallback = usageQuerySchema.parse({ tz: isValidTimeZone(String(first(params.tz) ?? "")) ? first(params.tz) : undefined });
  return { ok: false, fieldErrors: collect(res.error), query: fallback };
}

/** The query as URL search params (defaults omitted). */
export function usageQueryToParams(q: Partial<UsageQuery>): URLSearchParams {
  const p = new URLSearchParams();
  if (q.range && q.range !== "7d") p.set("range", q.range);
  if (q.range === "custom") {
    if (q.from) p.set("from", q.from);
    if (q.to) p.set("to", q.to);
  }
  if (q.groupBy && q.groupBy !== "team") p.set("groupBy", q.groupBy);
  for (const k of ["team", "key", "model", "user", "tag", "tz"] as const) if (q[k]) p.set(k, q[k]!);
  if (q.top && q.top !== 10) p.set("top", String(q.top));
  return p;
}

// ---------------------------------------------------------------- request log

export const LOG_PAGE_SIZES = [25, 50, 100] as const;

export const requestLogQuerySchema = z
  .object({
    range: fromParam(z.enum(RANGE_PRESETS, { error: "Choose 24h, 7d, 30d, 90d or a custom range" }).default("24h")),
    from: fromParam(isoDay("Start date")),
    to: fromParam(isoDay("End date")),
    team: fromParam(name("Team")),
    key: fromParam(
      z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || /^[0-9a-f]{64}$/.test(v), { message: "Key must be a key's token hash (64 hex characters)" }),
    ),
    model: fromParam(name("Model")),
    status: fromParam(z.enum(["", "success", "failure"], { error: "Status is success or failure" }).optional().transform((v) => (v ? v : undefined))),
    minSpend: fromParam(
      z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || (/^\d+(\.\d+)?$/.test(v) && Number(v) <= 1e9), { message: "Minimum spend must be a non-negative number" }),
    ),
    maxSpend: fromParam(
      z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || (/^\d+(\.\d+)?$/.test(v) && Number(v) <= 1e9), { message: "Maximum spend must be a non-negative number" }),
    ),
    page: fromParam(z.coerce.number({ error: "Page must be a number" }).int("Page must be a whole number").min(1, "Page is at least 1").max(100_000, "Page is at most 100000").default(1)),
    pageSize: fromParam(
      z.coerce
        .number({ error: "Page size must be a number" })
        .int("Page size must be a whole number")
        .refine((n) => (LOG_PAGE_SIZES as readonly number[]).includes(n), { message: "Page size is 25, 50 or 100" })
        .default(50),
    ),
    request: fromParam(name("Request id")),
    tz: fromParam(
      z
        .string()
        .optional()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || isValidTimeZone(v), { message: "Unknown time zone" }),
    ),
  })
  .superRefine((q, ctx) => {
    if (q.range === "custom") {
      if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "A custom range needs a start date" });
      if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "A custom range needs an end date" });
    }
    if (q.from && q.to) {
      if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date" });
      else if (daysBetween(q.from, q.to) + 1 > MAX_RANGE_DAYS)
        ctx.addIssue({ code: "custom", path: ["from"], message: `Ranges are limited to ${MAX_RANGE_DAYS} days; choose a later start date` });
    }
    if (q.minSpend && q.maxSpend && Number(q.maxSpend) < Number(q.minSpend))
      ctx.addIssue({ code: "custom", path: ["maxSpend"], message: "Maximum spend is below the minimum" });
  });
export type RequestLogQuery = z.infer<typeof requestLogQuerySchema>;

export function parseRequestLogQuery(params: Record<string, string | string[] | undefined>) {
  const res = requestLogQuerySchema.safeParse(params);
  if (res.success) return { ok: true as const, query: res.data };
  return { ok: false as const, fieldErrors: collect(res.error), query: requestLogQuerySchema.parse({}) };
}

export const revealBodySchema = z.object({
  requestId: z.string().trim().min(1, "Request id is required").max(256, "Request id is at most 256 characters").regex(NO_CONTROL, "Request id has control characters"),
  /** The log's start time (ISO), so the reveal reads one day of the log, not all of it. */
  startTime: z.string().trim().max(40).regex(/^\d{4}-\d{2}-\d{2}T/, "Start time must be an ISO timestamp"),
  reason: z.string().trim().min(3, "Say why you need to see the bodies (at least 3 characters)").max(500, "Reason is at most 500 characters").regex(NO_CONTROL, "Reason has control characters"),
});
export type RevealBodyInput = z.input<typeof revealBodySchema>;

export { addDays };
