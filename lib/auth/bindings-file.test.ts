import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { parseBindingsFile, serialiseBindings } from "./bindings-file";

const SEED = `adminGroups: [gatehouse-admins]
viewerGroups: [gatehouse-viewers]
teamBindings:
  - { group: team-alpha, teamId: team-alpha, role: member }
  - { group: team-alpha-admins, teamId: team-alpha, role: admin }
`;

function errorOf(text: string): ValidationError {
  try {
    parseBindingsFile(text);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected parseBindingsFile to throw");
}

describe("parseBindingsFile", () => {
  it("parses the documented seed format", () => {
    expect(parseBindingsFile(SEED)).toEqual([
      { group: "gatehouse-admins", kind: "admin", teamId: null, teamRole: null },
      { group: "gatehouse-viewers", kind: "viewer", teamId: null, teamRole: null },
      { group: "team-alpha", kind: "team", teamId: "team-alpha", teamRole: "member" },
      { group: "team-alpha-admins", kind: "team", teamId: "team-alpha", teamRole: "admin" },
    ]);
  });

  it("accepts block style, missing sections, a default role of member, and drops exact duplicates", () => {
    const text = "adminGroups:\n  - ops\n  - ops\nteamBindings:\n  - group: team-x\n    teamId: x\n";
    expect(parseBindingsFile(text)).toEqual([
      { group: "ops", kind: "admin", teamId: null, teamRole: null },
      { group: "team-x", kind: "team", teamId: "x", teamRole: "member" },
    ]);
  });

  it("an empty file means no bindings (everyone is denied)", () => {
    expect(parseBindingsFile("")).toEqual([]);
    expect(parseBindingsFile("# nothing yet\n")).toEqual([]);
  });

  it("names the line and field of a bad role, a misspelt key and a missing teamId", () => {
    const err = errorOf(
      "adminGroups: [gatehouse-admins]\nteamBindings:\n  - { group: team-alpha, teamId: team-alpha }\n  - { group: team-alpha-admins, teamid: team-alpha, role: owner }\n",
    );
    expect(err.message).toContain('line 4: teamBindings[1].role: role must be "member" or "admin"');
    expect(err.message).toContain('line 4: teamBindings[1]: Unrecognized key: "teamid"');
    expect(err.message).toContain("teamBindings[1].teamId: teamId is required");
    expect(err.fieldErrors["teamBindings[1].role"]).toHaveLength(1);
  });

  it("points at the offending line for wrong types and unknown top-level keys", () => {
    const err = errorOf("adminGroups: gatehouse-admins\n\nviewerGrups: [x]\n");
    expect(err.message).toContain("line 1: adminGroups: adminGroups must be a list of group names");
    expect(err.message).toContain('line 3: Unrecognized key: "viewerGrups"');
  });

  it("rejects system: groups, empty names and non-strings with their position", () => {
    const err = errorOf('viewerGroups:\n  - ok\n  - "system:authenticated"\n  - ""\n  - 7\n');
    expect(err.message).toContain("line 3: viewerGroups[1]: system: groups are virtual");
    expect(err.message).toContain("line 4: viewerGroups[2]: must not be empty");
    expect(err.message).toContain("line 5: viewerGroups[3]: must be a group name");
  });

  it("reports YAML syntax errors and duplicate keys with a line", () => {
    expect(errorOf("adminGroups: [a\n").message).toMatch(/not valid YAML: line \d+:/);
    expect(errorOf("adminGroups: [a]\nadminGroups: [b]\n").message).toMatch(/line 2: .*unique/i);
  });

  it("rejects a file that is a list instead of a mapping", () => {
    expect(errorOf("- gatehouse-admins\n").message).toContain("line 1: the file must be a mapping");
  });
});

describe("serialiseBindings", () => {
  it("writes the documented format and round-trips", () => {
    const bindings = parseBindingsFile(SEED);
    const text = serialiseBindings(bindings);
    expect(text).toContain("  - { group: team-alpha-admins, teamId: team-alpha, role: admin }");
    expect(text).toMatch(/^adminGroups: \[ ?gatehouse-admins ?\]$/m);
    expect(parseBindingsFile(text)).toEqual(bindings);
  });

  it("writes empty lists for an empty mapping, which parses back to no bindings", () => {
    const text = serialiseBindings([]);
    expect(text).toContain("teamBindings: []");
    expect(parseBindingsFile(text)).toEqual([]);
  });

  it("refuses a team binding without a teamId", () => {
    expect(() => serialiseBindings([{ group: "g", kind: "team", teamId: null }])).toThrow(/no teamId/);
  });
});
