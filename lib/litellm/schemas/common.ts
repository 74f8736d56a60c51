import { z } from "zod";

/** LiteLLM duration strings: (\d+)(s|m|h|d|w|mo) (duration_parser.py). */
export const durationSchema = z
  .string()
  .regex(/^\d+(s|m|h|d|w|mo)$/, 'Use a LiteLLM duration such as "30s", "15m", "12h", "30d", "2w" or "1mo"');
export type Duration = z.infer<typeof durationSchema>;

/** Numbers, not strings (§8.21): LiteLLM's pydantic would coerce "10", its schema says number. */
export const moneySchema = z.number().finite().nonnegative();
export const limitSchema = z.number().int().nonnegative();

export const jsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof jsonObjectSchema>;

export const stringListSchema = z.array(z.string());

/** Timestamps come back as ISO strings (sometimes without a zone); kept as strings, never re-interpreted here. */
export const timestampSchema = z.string().nullish();

/** Parses `n` seconds/minutes/… into milliseconds; undefined for anything LiteLLM would not accept. */
export function durationToMs(duration: string): number | undefined {
  const match = /^(\d+)(s|m|h|d|w|mo)$/.exec(duration);
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit: Record<string, number> = {
    s: 1_000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 7 * 86_400_000,
    mo: 30 * 86_400_000,
  };
  return n * unit[match[2]!]!;
}

/** `{ data, totalCount, page, pageSize, totalPages }` — the one page shape every list in the console uses. */
export interface Page<T> {
  data: T[];
  totalCount: number;
  page: number;
  pageSize: number;
  totalPages: number;
}
