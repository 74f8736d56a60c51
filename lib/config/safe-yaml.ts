// Multi-document YAML for config files (config.yaml, operator manifests, bundles): lib/yaml-safe's limits plus size,
// encoding and control-character checks.
import { parseAllDocuments } from "yaml";

import { ALIAS_BOMB_MESSAGE, YAML_MAX_ALIAS_COUNT } from "@/lib/yaml-safe";

import { MAX_CONFIG_BYTES } from "./limits";

export { MAX_CONFIG_BYTES };

export interface YamlIssue {
  /** e.g. `model_list[2].litellm_params.api_base`, or "" for the whole file. */
  path: string;
  message: string;
}

export class YamlInputError extends Error {
  constructor(readonly issues: YamlIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("\n"));
  }
}

/** Bytes → text: refuses over-size and non-UTF-8 input instead of guessing an encoding. */
export function decodeConfigBytes(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_CONFIG_BYTES) throw new YamlInputError([{ path: "", message: tooLarge(bytes.byteLength) }]);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new YamlInputError([{ path: "", message: "The file is not UTF-8 text. Save it as UTF-8 and try again." }]);
  }
}

function tooLarge(bytes: number): string {
  return `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_CONFIG_BYTES / 1024 / 1024} MB.`;
}

function lineOf(text: string, offset: number | undefined): string {
  if (offset === undefined) return "";
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return `line ${line}`;
}

/**
 * Parses one or more YAML documents (`---`-separated) into plain values. Duplicate keys, anchor bombs, syntax errors,
 * over-size and non-UTF-8 input (U+FFFD from a lossy decode, NUL and other control characters) are errors naming the
 * line; nothing is returned unless every document parsed.
 */
export function parseYamlDocuments(text: string): unknown[] {
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes > MAX_CONFIG_BYTES) throw new YamlInputError([{ path: "", message: tooLarge(bytes) }]);
  if (text.includes("\uFFFD")) {
    throw new YamlInputError([{ path: "", message: "The file is not UTF-8 text (it contains undecodable bytes). Save it as UTF-8 and try again." }]);
  }
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (control) {
    throw new YamlInputError([{ path: "", message: `The file contains a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}) at ${lineOf(text, control.index)}; is it a binary file?` }]);
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const issues: YamlIssue[] = [];
  const values: unknown[] = [];
  list.forEach((doc, i) => {
    const where = list.length > 1 ? `document ${i + 1}` : "";
    for (const error of doc.errors) {
      const first = error.message.split("\n")[0]!;
      const message = /^Map keys must be unique/.test(first) ? "Duplicate key: a mapping lists the same key twice" : `Not valid YAML: ${first}`;
      issues.push({ path: where, message: `${message} (${lineOf(text, error.pos?.[0])})` });
    }
    if (doc.errors.length > 0) return;
    try {
      values.push(doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT }));
    } catch (error) {
      const message = (error as Error).message;
      issues.push({
        path: where,
        message: /alias/i.test(message) ? ALIAS_BOMB_MESSAGE : `Not valid YAML: ${message.split("\n")[0]}`,
      });
    }
  });
  if (issues.length > 0) throw new YamlInputError(issues);
  // A trailing `---` yields an empty document: not content.
  return values.filter((v, i) => !(v == null && list.length > 1 && i === list.length - 1));
}
