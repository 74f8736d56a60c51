// Import/export of the consumer-alias registry as YAML or JSON, with per-entry errors an operator can act on.
import { stringify as stringifyYaml } from "yaml";

import { describeYamlErrors, parseYamlSafely } from "@/lib/yaml-safe";

import { MODES, type ConsumerAlias, type Mode } from "./checks";

export type RegistryFormat = "yaml" | "json";

export interface RegistryError {
  /** e.g. `aliases[1].dimension` */
  path: string;
  message: string;
}

export interface ParsedRegistry {
  records: ConsumerAlias[];
  errors: RegistryError[];
}

const ENTRY_FIELDS = ["alias", "consumer", "kind", "dimension", "required", "team", "note"] as const;
const TOP_LEVEL_FIELDS = ["consumer", "aliases"];
const LIKELY_TYPOS: Record<string, string> = {
  dimensions: "dimension",
  dim: "dimension",
  output_vector_size: "dimension",
  mode: "kind",
  type: "kind",
  model: "alias",
  model_name: "alias",
  name: "alias",
  team_id: "team",
  teamId: "team",
  notes: "note",
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function detectFormat(text: string): RegistryFormat {
  const first = text.trimStart()[0];
  return first === "{" || first === "[" ? "json" : "yaml";
}

export function parseRegistry(text: string, format: RegistryFormat | "auto" = "auto"): ParsedRegistry {
  const used = format === "auto" ? detectFormat(text) : format;
  let doc: unknown;
  if (used === "yaml") {
    const yaml = parseYamlSafely(text);
    if (!yaml.ok) return { records: [], errors: [{ path: "", message: `Not valid YAML: ${describeYamlErrors(yaml.errors)}` }] };
    doc = yaml.value;
  } else {
    try {
      doc = JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
      return { records: [], errors: [{ path: "", message: `Not valid JSON: ${reason}` }] };
    }
  }
  return parseRegistryDoc(doc);
}

/** The registry's rules on an already-parsed value (also a bundle's `consumerAliases`); `base` prefixes every path. */
export function parseRegistryValue(doc: unknown, base = ""): ParsedRegistry {
  const parsed = parseRegistryDoc(doc);
  if (!base) return parsed;
  const at = (p: string) => (p ? (p.startsWith("[") ? `${base}${p}` : `${base}.${p}`) : base);
  return { records: parsed.records, errors: parsed.errors.map((e) => ({ ...e, path: at(e.path) })) };
}

function parseRegistryDoc(doc: unknown): ParsedRegistry {
  const errors: RegistryError[] = [];
  let entries: unknown[];
  let defaultConsumer: string | undefined;
  let listPath: string;
  if (Array.isArray(doc)) {
    entries = doc;
    listPath = "";
  } else if (isPlainObject(doc)) {
    for (const key of Object.keys(doc))
      if (!TOP_LEVEL_FIELDS.includes(key)) errors.push({ path: key, message: "unknown field (expected consumer and aliases)" });
    if (doc.consumer != null) {
      if (typeof doc.consumer === "string" && doc.consumer.trim()) defaultConsumer = doc.consumer.trim();
      else errors.push({ path: "consumer", message: "must be a non-empty name" });
    }
    if (!Array.isArray(doc.aliases)) {
      errors.push({ path: "aliases", message: "must be a list of alias entries" });
      return { records: [], errors };
    }
    entries = doc.aliases;
    listPath = "aliases";
  } else {
    return { records: [], errors: [{ path: "", message: "Expected a list of aliases, or a mapping with consumer and aliases." }] };
  }

  const records: ConsumerAlias[] = [];
  const firstSeen = new Map<string, string>();
  entries.forEach((raw, i) => {
    const at = `${listPath}[${i}]`;
    const before = errors.length;
    if (!isPlainObject(raw)) {
      errors.push({ path: at, message: "each entry must be a mapping with at least alias and kind" });
      return;
    }
    for (const key of Object.keys(raw)) {
      if ((ENTRY_FIELDS as readonly string[]).includes(key)) continue;
      const hint = LIKELY_TYPOS[key];
      errors.push({ path: `${at}.${key}`, message: hint ? `unknown field (did you mean ${hint}?)` : "unknown field" });
    }

    const alias = typeof raw.alias === "string" ? raw.alias.trim() : "";
    if (!alias) errors.push({ path: `${at}.alias`, message: raw.alias == null ? "required" : "must be a non-empty name" });

    let consumer = defaultConsumer;
    if (raw.consumer != null) {
      if (typeof raw.consumer === "string" && raw.consumer.trim()) consumer = raw.consumer.trim();
      else errors.push({ path: `${at}.consumer`, message: "must be a non-empty name" });
    } else if (!consumer) {
      errors.push({ path: `${at}.consumer`, message: "required (set it on the entry or as a top-level default)" });
    }

    let kind: Mode | undefined;
    if (raw.kind == null) errors.push({ path: `${at}.kind`, message: `required: one of ${MODES.join(", ")}` });
    else {
      const k = typeof raw.kind === "string" ? raw.kind.trim().toLowerCase() : "";
      if ((MODES as readonly string[]).includes(k)) kind = k as Mode;
      else errors.push({ path: `${at}.kind`, message: `"${String(raw.kind)}" is not a kind; use one of ${MODES.join(", ")}` });
    }

    let dimension: number | undefined;
    if (raw.dimension != null) {
      if (typeof raw.dimension === "number" && Number.isInteger(raw.dimension) && raw.dimension > 0) dimension = raw.dimension;
      else errors.push({ path: `${at}.dimension`, message: "must be a positive whole number" });
      if (kind && kind !== "embedding") errors.push({ path: `${at}.dimension`, message: "only embedding aliases have a dimension" });
    } else if (kind === "embedding") {
      errors.push({ path: `${at}.dimension`, message: "embedding aliases need a dimension" });
    }

    let required = false;
    if (raw.required != null) {
      if (typeof raw.required === "boolean") required = raw.required;
      else errors.push({ path: `${at}.required`, message: "must be true or false" });
    }

    let teamId: string | undefined;
    if (raw.team != null) {
      if (typeof raw.team === "string" && raw.team.trim()) teamId = raw.team.trim();
      else errors.push({ path: `${at}.team`, message: "must be a team id" });
    }

    let note: string | undefined;
    if (raw.note != null) {
      if (typeof raw.note === "string") note = raw.note;
      else errors.push({ path: `${at}.note`, message: "must be text" });
    }

    if (errors.length > before || !kind || !consumer) return;
    const key = `${alias}\u0000${consumer}`;
    const earlier = firstSeen.get(key);
    if (earlier) {
      errors.push({ path: at, message: `duplicate of ${earlier} (same alias and consumer)` });
      return;
    }
    firstSeen.set(key, at);
    const record: ConsumerAlias = { alias, consumer, kind, required };
    if (dimension != null) record.dimension = dimension;
    if (teamId) record.teamId = teamId;
    if (note != null) record.note = note;
    records.push(record);
  });
  return { records, errors };
}

/** Stable output: sorted by consumer then alias; a shared consumer is hoisted to the top level. */
export function serialiseRegistry(records: ConsumerAlias[], format: RegistryFormat): string {
  const sorted = [...records].sort((a, b) => a.consumer.localeCompare(b.consumer) || a.alias.localeCompare(b.alias));
  const consumers = new Set(sorted.map((r) => r.consumer));
  const shared = consumers.size === 1 ? sorted[0].consumer : undefined;
  const aliases = sorted.map((r) => {
    const entry: Record<string, unknown> = { alias: r.alias };
    if (!shared) entry.consumer = r.consumer;
    entry.kind = r.kind;
    if (r.dimension != null) entry.dimension = r.dimension;
    entry.required = r.required;
    if (r.teamId) entry.team = r.teamId;
    if (r.note != null) entry.note = r.note;
    return entry;
  });
  const doc = shared ? { consumer: shared, aliases } : { aliases };
  return format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : stringifyYaml(doc);
}

export interface RegistryDiff {
  added: ConsumerAlias[];
  changed: { before: ConsumerAlias; after: ConsumerAlias }[];
  unchanged: ConsumerAlias[];
  removed: ConsumerAlias[];
}

const diffKey = (r: ConsumerAlias) => `${r.alias}\u0000${r.consumer}`;

function sameRecord(a: ConsumerAlias, b: ConsumerAlias): boolean {
  return (
    a.kind === b.kind &&
    (a.dimension ?? null) === (b.dimension ?? null) &&
    a.required === b.required &&
    (a.teamId ?? null) === (b.teamId ?? null) &&
    (a.note ?? null) === (b.note ?? null)
  );
}

/** Import preview, keyed by (alias, consumer). */
export function diffRegistry(current: ConsumerAlias[], incoming: ConsumerAlias[]): RegistryDiff {
  const byKey = new Map(current.map((r) => [diffKey(r), r]));
  const incomingKeys = new Set<string>();
  const diff: RegistryDiff = { added: [], changed: [], unchanged: [], removed: [] };
  for (const after of incoming) {
    const key = diffKey(after);
    incomingKeys.add(key);
    const before = byKey.get(key);
    if (!before) diff.added.push(after);
    else if (sameRecord(before, after)) diff.unchanged.push(after);
    else diff.changed.push({ before, after });
  }
  diff.removed = current.filter((r) => !incomingKeys.has(diffKey(r)));
  return diff;
}
