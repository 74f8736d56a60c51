import { z } from "zod";

import { nameSchema } from "@/lib/limits";

/**
 * Zod schemas shared by the key forms (react-hook-form resolver) and the server actions. Numbers arrive as strings
 * from inputs and as numbers from code; both are accepted and normalised here.
 */

export const EXPIRY_PRESET_DAYS = { "7d": 7, "30d": 30, "90d": 90 } as const;
export type ExpiryPreset = keyof typeof EXPIRY_PRESET_DAYS;

export const ownerKindSchema = z.enum(["user", "team", "service_account"]);
export type OwnerKind = z.infer<typeof ownerKindSchema>;

export const budgetPeriodSchema = z.enum(["none", "daily", "weekly", "monthly"]);
export type BudgetPeriod = z.infer<typeof budgetPeriodSchema>;

export const expiryModeSchema = z.enum(["7d", "30d", "90d", "date", "never"]);
export type ExpiryMode = z.infer<typeof expiryModeSchema>;

/** LiteLLM's token: the sha256 hex of the raw key. The only key id that ever appears in a URL. */
export const tokenHashSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, "Not a key id (expected the 64-character token hash).");

export const aliasSchema = z
  .string({ error: "Give the key an alias." })
  .trim()
  .min(1, "Give the key an alias.")
  .max(128, "At most 128 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/ -]*$/, "Start with a letter or digit; then letters, digits, spaces and . _ : @ / - only.")
  .refine((v) => !/^sk-/i.test(v), "An alias must not look like a key (sk-…).");

function blankToNull(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  if (typeof value === "number" && Number.isNaN(value)) return null;
  return value;
}

/**
 * Numbers arrive as strings from inputs and as numbers from code; nothing else is a number. No coercion: `[1]`, `true`
 * and `"0x10"` are refused instead of quietly becoming 1, 1 and 16.
 */
function numberFromInput(value: unknown): unknown {
  const v = blankToNull(value);
  if (typeof v !== "string") return v;
  const text = v.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : v;
}

/** A USD amount: "", null or undefined = not set. */
export const amountSchema = z
  .preprocess(
    numberFromInput,
    z
      .number({ error: "Enter an amount in USD, e.g. 10 or 2.50." })
      .finite("Enter an amount in USD, e.g. 10 or 2.50.")
      .nonnegative("The amount cannot be negative.")
      .max(1_000_000_000, "That amount is too large.")
      .nullable(),
  )
  .optional()
  .transform((v) => v ?? null);

/** A whole-number limit (rpm, tpm, parallel requests): "", null or undefined = no limit. */
export const limitValueSchema = z
  .preprocess(
    numberFromInput,
    z
      .number({ error: "Enter a whole number." })
      .int("Enter a whole number.")
      .min(1, "Use at least 1, or leave empty for no limit.")
      .max(1_000_000_000, "That number is too large.")
      .nullable(),
  )
  .optional()
  .transform((v) => v ?? null);

/** Accepts "a, b" or ["a", "b"]; trims, drops blanks and duplicates. */
const stringListSchema = (itemLabel: string, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => {
      const items = (typeof value === "string" ? value.split(",") : (value ?? [])).map((s) => s.trim()).filter(Boolean);
      return [...new Set(items)];
    })
    .pipe(z.array(nameSchema(`A ${itemLabel}`)).max(max, `At most ${max} ${itemLabel}s.`));

/** Metadata keys Gatehouse writes itself; a request may not set them. */
export const RESERVED_METADATA_KEYS = ["created_by", "created_via", "service_account"] as const;

/** Parses the metadata textarea: empty → {}, otherwise a JSON object without reserved keys. */
export function parseMetadataText(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    return { ok: false, message: 'Metadata must be a JSON object, e.g. {"app": "rag-pipeline"}.' };
  const reserved = RESERVED_METADATA_KEYS.filter((k) => k in (parsed as object));
  if (reserved.length)
    return { ok: false, message: `Gatehouse sets ${reserved.join(", ")} itself; remove ${reserved.length > 1 ? "them" : "it"}.` };
  return { ok: true, value: parsed as Record<string, unknown> };
}

const expiryFields = {
  expiryMode: expiryModeSchema,
  /** ISO timestamp with zone (the browser converts its local date-time before sending). Used when expiryMode = date. */
  expiresAt: z.string().trim().max(64).optional().default(""),
};

function checkExpiryDate(value: { expiryMode: string; expiresAt: string }, ctx: z.RefinementCtx) {
  if (value.expiryMode !== "date") return;
  const at = Date.parse(value.expiresAt);
  if (!value.expiresAt || Number.isNaN(at))
    ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Pick the date and time the key should expire." });
  else if (at <= Date.now() + 60_000) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Pick a time in the future." });
  else if (at > Date.now() + 5 * 366 * 86_400_000)
    ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Pick a date within five years." });
}

export const issueKeySchema = z
  .object({
    ownerKind: ownerKindSchema,
    /** The owning user (ownerKind = user; admins only). */
    userId: z.string().trim().max(200).optional().default(""),
    /** The team (ownerKind = team | service_account). Membership is checked against the session, not trusted. */
    teamId: z.string().trim().max(200).optional().default(""),
    alias: aliasSchema,
    models: stringListSchema("model", 100),
    maxBudgetUsd: amountSchema,
    budgetPeriod: budgetPeriodSchema.default("none"),
    ...expiryFields,
    rpmLimit: limitValueSchema,
    tpmLimit: limitValueSchema,
    maxParallelRequests: limitValueSchema,
    metadataText: z
      .string()
      .max(10_000, "Metadata is limited to 10,000 characters.")
      .optional()
      .default("")
      .superRefine((text, ctx) => {
        const metadata = parseMetadataText(text);
        if (!metadata.ok) ctx.addIssue({ code: "custom", message: metadata.message });
      }),
    tags: stringListSchema("tag", 20),
  })
  .superRefine((value, ctx) => {
    if (value.ownerKind === "user" && !value.userId)
      ctx.addIssue({ code: "custom", path: ["userId"], message: "Name the user who owns the key." });
    if (value.ownerKind !== "user" && !value.teamId) ctx.addIssue({ code: "custom", path: ["teamId"], message: "Pick the team." });
    if (value.ownerKind === "user" && value.models.includes("all-team-models")) {
      ctx.addIssue({ code: "custom", path: ["models"], message: "all-team-models only applies to team keys." });
    }
    if (value.budgetPeriod !== "none" && value.maxBudgetUsd === null) {
      ctx.addIssue({ code: "custom", path: ["maxBudgetUsd"], message: "A budget period needs a max budget." });
    }
    checkExpiryDate(value, ctx);
  });
export type IssueKeyInput = z.input<typeof issueKeySchema>;
export type IssueKeyValues = z.output<typeof issueKeySchema>;

export const updateKeySchema = z
  .object({
    token: tokenHashSchema,
    models: stringListSchema("model", 100),
    maxBudgetUsd: amountSchema,
    budgetPeriod: budgetPeriodSchema,
    /** keep = leave the expiry as it is. "Never" is set only at issue time. */
    expiryMode: z.enum(["keep", "7d", "30d", "90d", "date"]),
    expiresAt: z.string().trim().max(64).optional().default(""),
    rpmLimit: limitValueSchema,
    tpmLimit: limitValueSchema,
    maxParallelRequests: limitValueSchema,
  })
  .superRefine((value, ctx) => {
    if (value.budgetPeriod !== "none" && value.maxBudgetUsd === null) {
      ctx.addIssue({ code: "custom", path: ["maxBudgetUsd"], message: "A budget period needs a max budget." });
    }
    checkExpiryDate(value, ctx);
  });
export type UpdateKeyInput = z.input<typeof updateKeySchema>;
export type UpdateKeyValues = z.output<typeof updateKeySchema>;

export const keyRefSchema = z.object({ token: tokenHashSchema });
export type KeyRefInput = z.input<typeof keyRefSchema>;

export const GRACE_PERIODS = ["none", "1h", "24h", "72h"] as const;
export const regenerateKeySchema = z.object({ token: tokenHashSchema, gracePeriod: z.enum(GRACE_PERIODS).default("none") });
export type RegenerateKeyInput = z.input<typeof regenerateKeySchema>;

export const extendKeySchema = z.object({
  token: tokenHashSchema,
  days: z.preprocess(
    numberFromInput,
    z.number({ error: "Enter a number of days." }).int("Extend by whole days.").min(1, "Extend by at least 1 day.").max(365, "Extend by at most 365 days."),
  ),
});
export type ExtendKeyInput = z.input<typeof extendKeySchema>;

// ---- the list page's URL parameters ----

export const KEY_STATUS_FILTERS = ["all", "active", "blocked", "expired", "expiring", "over-budget"] as const;
export type KeyStatusFilter = (typeof KEY_STATUS_FILTERS)[number];
export const KEY_SORT_FIELDS = ["created_at", "updated_at", "spend", "max_budget", "key_alias"] as const;
export const KEY_SEARCH_FIELDS = ["alias", "owner", "team"] as const;
export const KEY_PAGE_SIZES = [10, 25, 50, 100] as const;

/** `/keys?…` — every field falls back to its default instead of failing, so a hand-edited URL still renders. */
export const keyListParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1),
  size: z.coerce
    .number()
    .refine((n) => (KEY_PAGE_SIZES as readonly number[]).includes(n))
    .default(25)
    .catch(25),
  q: z.string().trim().max(200).optional().catch(undefined),
  field: z.enum(KEY_SEARCH_FIELDS).default("alias").catch("alias"),
  status: z.enum(KEY_STATUS_FILTERS).default("all").catch("all"),
  sort: z.enum(KEY_SORT_FIELDS).default("created_at").catch("created_at"),
  order: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  /** Non-admins: "mine" or "team:<id>". Admins and viewers: "all" (default) or "team:<id>". */
  scope: z.string().trim().max(220).optional().catch(undefined),
});
export type KeyListParams = z.infer<typeof keyListParamsSchema>;

/** The query string for a list URL, leaving out defaults so URLs stay short. */
export function keyListQuery(params: Partial<KeyListParams>): string {
  const defaults: Record<string, unknown> = { page: 1, size: 25, field: "alias", status: "all", sort: "created_at", order: "desc" };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || defaults[name] === value) continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
