import { z } from "zod";

/**
 * The one set of limits for strings that name something (model alias, upstream model, consumer alias, team, credential,
 * tag, access group, key alias, a team policy's allowed models) and for secrets. Client-safe: form resolvers use it too.
 * A 1 MB model name made every page that lists models weigh 1 MB; a name with a right-to-left override or NUL
 * displays as something else, and a PostgreSQL-backed LiteLLM answers it with a 500.
 */
export const MAX_NAME_LENGTH = 200;
/** An API key, a token, a client secret, a service-account JSON: generous, but not a megabyte. */
export const MAX_SECRET_LENGTH = 16_384;

/**
 * C0/C1 control characters (NUL included), DEL, zero-width and invisible characters, line/paragraph separators, and
 * bidirectional overrides, embeddings and isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069).
 */
export const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

export const FORBIDDEN_NAME_MESSAGE = "Remove control, invisible or text-direction characters";

export function hasForbiddenNameChars(value: string): boolean {
  return FORBIDDEN_NAME_CHARS.test(value);
}

/**
 * A trimmed name: required (unless `optional`), at most `max` (≤ MAX_NAME_LENGTH) characters, no control, invisible or
 * direction characters. `label` starts the messages, e.g. "An alias" → "An alias is at most 200 characters".
 */
export function nameSchema(label: string, options: { max?: number; required?: string } = {}) {
  const max = Math.min(options.max ?? MAX_NAME_LENGTH, MAX_NAME_LENGTH);
  let schema = z.string({ error: options.required ?? `${label} is required` }).trim();
  if (options.required !== undefined) schema = schema.min(1, options.required);
  return schema.max(max, `${label} is at most ${max} characters`).refine((v) => !hasForbiddenNameChars(v), `${FORBIDDEN_NAME_MESSAGE} from ${lowerFirst(label)}`);
}

/** A list of names (tags, models, access groups): each item under the name rules, at most `maxItems` items. */
export function nameListSchema(itemLabel: string, maxItems = 1000) {
  return z.array(nameSchema(`A ${itemLabel}`)).max(maxItems, `At most ${maxItems} ${itemLabel}s`);
}

/** A secret value: at most MAX_SECRET_LENGTH characters, no control characters (a pasted key never needs them). */
export function secretSchema(label: string) {
  return z
    .string()
    .max(MAX_SECRET_LENGTH, `${label} is at most ${MAX_SECRET_LENGTH.toLocaleString("en-US")} characters`)
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), `${label} contains control characters`);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
