// Pure helpers for comparing and suggesting model aliases. No I/O.

/** The shape a stable alias should have: lowercase, digits and `. _ / -`. */
export const STABLE_ALIAS_PATTERN = /^[a-z0-9][a-z0-9._/-]*$/;

/** `openai/text-embedding-3-small` -> `text-embedding-3-small` (every provider segment goes). */
export function stripProviderPrefix(alias: string): string {
  const slash = alias.lastIndexOf("/");
  return slash >= 0 ? alias.slice(slash + 1) : alias;
}

/**
 * The comparison key for near-duplicates: no provider prefix, lowercase,
 * and whitespace, `-`, `_` and `.` all folded into one `-`.
 */
export function aliasKey(alias: string): string {
  return stripProviderPrefix(alias.trim())
    .toLowerCase()
    .replace(/[\s._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Lowercase, spaces to `-`, drop characters an alias should not contain. */
export function normaliseAliasShape(alias: string): string {
  return alias
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^a-z0-9._/-]/g, "")
    .replace(/-{2,}/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[-_.]+$/, "");
}

const SEP = "(^|[-_./])";
const END = "(?=$|[-_./])";
// YYYY-MM-DD, YYYY_MM_DD, YYYY.MM.DD and YYYYMMDD; four-digit MMDD is left alone because 1024, 0512 are dimensions too.
const DATE_RE = new RegExp(`${SEP}(?:19|20)\\d{2}([-_.]?)(?:0[1-9]|1[0-2])\\2(?:0[1-9]|[12]\\d|3[01])${END}`);
const DEPLOYMENT_WORD_RE = new RegExp(`${SEP}(deployment|deploy|deployed|deployments)${END}`);
const AZURE_REGIONS = [
  "eastus",
  "eastus2",
  "westus",
  "westus2",
  "westus3",
  "centralus",
  "northcentralus",
  "southcentralus",
  "westcentralus",
  "canadaeast",
  "canadacentral",
  "brazilsouth",
  "northeurope",
  "westeurope",
  "uksouth",
  "ukwest",
  "francecentral",
  "germanywestcentral",
  "swedencentral",
  "switzerlandnorth",
  "norwayeast",
  "polandcentral",
  "italynorth",
  "spaincentral",
  "eastasia",
  "southeastasia",
  "japaneast",
  "japanwest",
  "koreacentral",
  "australiaeast",
  "centralindia",
  "southindia",
  "uaenorth",
  "southafricanorth",
  "qatarcentral",
];
const REGION_RE = new RegExp(
  `${SEP}(${AZURE_REGIONS.join("|")}|(?:us|eu|ap|ca|sa|me|af|il)-(?:east|west|north|south|central|northeast|northwest|southeast|southwest)-\\d|(?:us|europe|asia|australia|northamerica|southamerica|me)-(?:central|east|west|north|south|northeast|southeast|southwest|northwest)\\d)${END}`,
);
// Words that describe where or how a model is deployed; stripped when suggesting a stable alias.
const NOISE_WORDS = [
  "my",
  "prod",
  "production",
  "staging",
  "stg",
  "dev",
  "test",
  "azure",
  "aoai",
  "aws",
  "bedrock",
  "gcp",
  "vertex",
  "openai",
];
const NOISE_RE = new RegExp(`${SEP}(${NOISE_WORDS.join("|")})${END}`, "g");

export interface UnstableParts {
  date: boolean;
  deploymentName: boolean;
}

/** Does the alias carry a date stamp or a provider deployment name (which will change)? */
export function unstableParts(alias: string): UnstableParts {
  const a = alias.toLowerCase();
  return { date: DATE_RE.test(a), deploymentName: DEPLOYMENT_WORD_RE.test(a) || REGION_RE.test(a) };
}

function tidySeparators(s: string): string {
  return s
    .replace(/([-_.])[-_.]+/g, "$1")
    .replace(/\/[-_.]+/g, "/")
    .replace(/^[-_./]+|[-_./]+$/g, "");
}

function stripGlobal(s: string, re: RegExp): string {
  const g = new RegExp(re.source, "g");
  return s.replace(g, "$1");
}

/**
 * A stable alias suggestion: dates, regions, deployment words and environment
 * words removed (`azure-eastus-prod-gpt4o-deployment` -> `gpt-4o`). Empty when nothing is left.
 */
export function suggestStableAlias(alias: string): string {
  let s = normaliseAliasShape(alias);
  s = stripGlobal(s, DATE_RE);
  s = stripGlobal(s, DEPLOYMENT_WORD_RE);
  s = stripGlobal(s, REGION_RE);
  // Twice, because adjacent noise words share a separator.
  s = s.replace(NOISE_RE, "$1").replace(NOISE_RE, "$1");
  s = tidySeparators(s);
  s = s.replace(/(^|[-_./])gpt(\d)/g, "$1gpt-$2");
  return s;
}

/** Optimal-string-alignment distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

function segmentAt(key: string, i: number): string {
  const at = Math.min(i, key.length - 1);
  let start = at;
  while (start > 0 && key[start - 1] !== "-") start--;
  let end = at;
  while (end < key.length && key[end] !== "-") end++;
  return key.slice(start, end);
}

/**
 * True when two keys one edit apart differ in a version rather than by a typo:
 * a digit (`gpt-4` vs `gpt-5`, `qwen2-7b` vs `qwen2-72b`) or a short versioned
 * segment (`gpt-4o` vs `gpt-4`, `7b` vs `7m`). Different models, so no warning.
 */
export function differsInVersion(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const versioned = (seg: string) => seg.length <= 4 && /\d/.test(seg);
  if (versioned(segmentAt(a, i)) || versioned(segmentAt(b, i))) return true;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) && isDigit(a[i]) && isDigit(b[i]);
  const longer = a.length > b.length ? a : b;
  return isDigit(longer[i]);
}

// Polynomial hashes (mod 2^32, masked to a small integer) of a key and of each one-character deletion,
// computed in O(length) without building the deleted strings: the index stores numbers, not ~30 strings per alias.
const HASH_BASE = 131;
const HASH_MASK = 0x3fffffff;
const POW: number[] = [1];
function powBase(k: number): number {
  while (POW.length <= k) POW.push(Math.imul(POW[POW.length - 1], HASH_BASE));
  return POW[k];
}

/** [hash(key), hash(key without char 0), hash(key without char 1), ...] */
export function variantHashes(key: string): number[] {
  const n = key.length;
  const prefix = new Array<number>(n + 1);
  prefix[0] = 0;
  for (let i = 0; i < n; i++) prefix[i + 1] = (Math.imul(prefix[i], HASH_BASE) + key.charCodeAt(i)) | 0;
  const suffix = new Array<number>(n + 1);
  suffix[n] = 0;
  for (let i = n - 1; i >= 0; i--) suffix[i] = (Math.imul(key.charCodeAt(i), powBase(n - 1 - i)) + suffix[i + 1]) | 0;
  const out = [prefix[n] & HASH_MASK];
  for (let j = 0; j < n; j++) out.push(((Math.imul(prefix[j], powBase(n - 1 - j)) + suffix[j + 1]) | 0) & HASH_MASK);
  return out;
}

export interface NearMatch {
  /** The known alias as it was spelled. */
  alias: string;
  how: "normalised" | "one-edit";
}

/** Minimum key length for edit-distance matches: `o1` vs `o3` are different models. */
const MIN_EDIT_KEY_LENGTH = 4;

/**
 * Near-duplicate lookup without scanning every alias: normalised keys go into
 * a Map, and one-edit matches use symmetric-delete hashing (every key and its
 * single-character deletions point back at the key).
 */
export class NearDuplicateIndex {
  private readonly exact = new Set<string>();
  private readonly byKey = new Map<string, string[]>();
  /** Distinct normalised keys, addressed by position. */
  private readonly keys: string[] = [];
  private readonly positions = new Map<string, number>();
  /** Variant hash -> key position(s); a lone position is stored bare to save an array. */
  private readonly byVariant = new Map<number, number | number[]>();

  constructor(aliases: Iterable<string> = []) {
    for (const a of aliases) this.add(a);
  }

  get size(): number {
    return this.exact.size;
  }

  has(alias: string): boolean {
    return this.exact.has(alias);
  }

  add(alias: string): void {
    if (this.exact.has(alias)) return;
    this.exact.add(alias);
    const key = aliasKey(alias);
    if (!key) return;
    const spelled = this.byKey.get(key);
    if (spelled) {
      spelled.push(alias);
      return; // the key's variants are already indexed
    }
    this.byKey.set(key, [alias]);
    if (key.length < MIN_EDIT_KEY_LENGTH || this.positions.has(key)) return; // removed earlier: variants still indexed
    const id = this.keys.push(key) - 1;
    this.positions.set(key, id);
    for (const h of variantHashes(key)) {
      const at = this.byVariant.get(h);
      if (at === undefined) this.byVariant.set(h, id);
      else if (typeof at === "number") {
        if (at !== id) this.byVariant.set(h, [at, id]);
      } else if (at[at.length - 1] !== id) at.push(id);
    }
  }

  /** Forgets an alias (a deployment deleted or renamed); its key's variants stay indexed but match nothing. */
  remove(alias: string): void {
    if (!this.exact.delete(alias)) return;
    const key = aliasKey(alias);
    if (!key) return;
    const spelled = this.byKey.get(key);
    if (!spelled) return;
    const rest = spelled.filter((a) => a !== alias);
    if (rest.length) this.byKey.set(key, rest);
    else this.byKey.delete(key);
  }

  /** Known aliases close to `alias`, excluding `alias` itself; normalised matches first. */
  lookup(alias: string): NearMatch[] {
    const key = aliasKey(alias);
    if (!key) return [];
    const out: NearMatch[] = [];
    for (const known of this.byKey.get(key) ?? []) if (known !== alias) out.push({ alias: known, how: "normalised" });
    if (key.length < MIN_EDIT_KEY_LENGTH) return out;
    const seen = new Set<number>();
    const consider = (id: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      const k = this.keys[id];
      // Hashes can collide, so every hit is verified on the strings.
      if (k === key || !withinOneEdit(key, k) || differsInVersion(key, k)) return;
      for (const known of this.byKey.get(k) ?? []) if (known !== alias) out.push({ alias: known, how: "one-edit" });
    };
    for (const h of variantHashes(key)) {
      const at = this.byVariant.get(h);
      if (at === undefined) continue;
      if (typeof at === "number") consider(at);
      else for (const id of at) consider(id);
    }
    return out;
  }
}
