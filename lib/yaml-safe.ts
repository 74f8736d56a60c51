import { LineCounter, parseDocument, type Document, type ParsedNode } from "yaml";

/**
 * The one YAML parser for text an operator pastes or uploads (alias registry import, group bindings import and file):
 * duplicate keys refused, and alias expansion capped, so a "billion laughs" alias bomb is a clear error instead of
 * an out-of-memory or an internal error.
 */
export const YAML_MAX_ALIAS_COUNT = 100;

export const ALIAS_BOMB_MESSAGE =
  "The YAML expands too many aliases (*name references to &anchors), the shape of a resource-exhaustion attack. Write the values out instead.";

export interface YamlError {
  line?: number;
  message: string;
}

export type SafeYaml = { ok: true; value: unknown; doc: Document.Parsed<ParsedNode>; lineCounter: LineCounter } | { ok: false; errors: YamlError[] };

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

export function parseYamlSafely(text: string): SafeYaml {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed<ParsedNode>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { ok: false, errors: [{ message: firstLine(error) }] };
  }
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: firstLine(e) })) };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT }), doc, lineCounter };
  } catch (error) {
    const message = firstLine(error);
    return { ok: false, errors: [{ message: /alias/i.test(message) ? ALIAS_BOMB_MESSAGE : message }] };
  }
}

/** "line 3: …; line 7: …" */
export function describeYamlErrors(errors: YamlError[]): string {
  return errors.map((e) => `${e.line ? `line ${e.line}: ` : ""}${e.message}`).join("; ");
}
