import { describe, expect, it } from "vitest";

import { parseRegistry } from "@/lib/aliases/registry-format";
import { parseBindingsFile } from "@/lib/auth/bindings-file";
import { ValidationError } from "@/lib/errors";

import { ALIAS_BOMB_MESSAGE, parseYamlSafely } from "./yaml-safe";

/** "Billion laughs": 9 levels of 9 references, 9^9 strings once expanded. */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => {
    const prev = "abcdefghi"[i]!;
    return `${k}: &${k} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
  }),
  "adminGroups: *i",
].join("\n");

describe("parseYamlSafely", () => {
  it("refuses an alias bomb with a clear message instead of expanding it", () => {
    const result = parseYamlSafely(ALIAS_BOMB);
    expect(result).toEqual({ ok: false, errors: [{ message: ALIAS_BOMB_MESSAGE }] });
  });

  it("still allows a few ordinary anchors and names the line of syntax errors and duplicate keys", () => {
    const ok = parseYamlSafely("base: &b {role: member}\nteam: *b\n");
    expect(ok.ok && ok.value).toEqual({ base: { role: "member" }, team: { role: "member" } });
    const dup = parseYamlSafely("a: 1\na: 2\n");
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.errors[0]?.line).toBe(2);
  });
});

describe("both YAML imports share it (issue 12 #5)", () => {
  it("the group-bindings import answers a field error for an alias bomb, not an internal error", () => {
    let error: unknown;
    try {
      parseBindingsFile(ALIAS_BOMB);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(ALIAS_BOMB_MESSAGE);
    expect((error as ValidationError).fieldErrors["(yaml)"]?.[0]).toContain("expands too many aliases");
  });

  it("the alias registry import says the same", () => {
    expect(parseRegistry(ALIAS_BOMB, "yaml").errors).toEqual([{ path: "", message: `Not valid YAML: ${ALIAS_BOMB_MESSAGE}` }]);
  });
});
