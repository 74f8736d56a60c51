import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadBindings } from "@/lib/auth/bindings";
import { resolveAccess } from "@/lib/auth/group-mapping";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { auditRows, ctxFor, startHarness, type Harness } from "@/lib/teams/testing";
import { createBindingSchema, describeGrant } from "./schemas";
import { createBinding, deleteBinding, exportBindings, importBindings, leavesNoAdmin } from "./service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bindings-"));
const seedFile = path.join(dir, "bindings.yaml");
fs.writeFileSync(seedFile, "adminGroups: [seed-admins]\nviewerGroups: []\nteamBindings:\n  - { group: searchers, teamId: team-search, role: member }\n");

describe("binding schema and helpers", () => {
  it("needs a team for a team binding, refuses system: groups and strips Keycloak's leading slash", () => {
    const missing = createBindingSchema.safeParse({ group: "g", kind: "team", teamId: "" });
    expect(missing.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["teamId", "Choose the LiteLLM team this group joins"]]);
    expect(createBindingSchema.safeParse({ group: "system:authenticated", kind: "admin" }).success).toBe(false);
    expect(createBindingSchema.parse({ group: " /team-beta ", kind: "viewer" }).group).toBe("team-beta");
    expect(describeGrant({ kind: "team", teamId: "t", teamRole: "admin" })).toBe("Team t (team admin)");
  });

  it("knows when a removal would leave no admin", () => {
    const all = [{ id: "a", kind: "admin" as const }, { id: "b", kind: "viewer" as const }];
    expect(leavesNoAdmin(all, new Set(["a"]), false)).toBe(true);
    expect(leavesNoAdmin(all, new Set(["a"]), true)).toBe(false);
    expect(leavesNoAdmin([...all, { kind: "admin" as const, id: undefined }], new Set(["a"]), false)).toBe(false);
  });
});

describe("binding services", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ GROUP_BINDINGS_FILE: seedFile });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("adds a team binding that takes effect at the next sign-in, with one audit row", async () => {
    const b = await createBinding({ ctx: ctxFor(), input: createBindingSchema.parse({ group: "platform-devs", kind: "team", teamId: "team-platform", teamRole: "admin" }) });
    expect(b).toMatchObject({ group: "platform-devs", kind: "team", teamId: "team-platform", teamRole: "admin", source: "console" });
    expect(resolveAccess(["platform-devs"], await loadBindings())).toEqual({ role: "user", teams: [{ teamId: "team-platform", role: "admin" }] });
    const rows = await auditRows(h.db, "binding.create");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUsername: "ocp-admin", targetId: "platform-devs", teamId: "team-platform", outcome: "success" });
  });

  it("refuses a duplicate (also of a seed-file binding) and a team LiteLLM does not have", async () => {
    await expect(createBinding({ ctx: ctxFor(), input: createBindingSchema.parse({ group: "searchers", kind: "team", teamId: "team-search" }) })).rejects.toThrow(
      "Group searchers already grants Team team-search (member) (from the seed file). Delete that binding first to change it.",
    );
    await expect(createBinding({ ctx: ctxFor(), input: createBindingSchema.parse({ group: "x", kind: "team", teamId: "team-nope" }) })).rejects.toMatchObject({
      fieldErrors: { teamId: ["LiteLLM has no team team-nope. Create it on the Teams page first."] },
    });
  });

  it("only admins edit bindings; viewers may export them", async () => {
    const viewer = ctxFor({ role: "viewer" });
    await expect(createBinding({ ctx: viewer, input: createBindingSchema.parse({ group: "v", kind: "viewer" }) })).rejects.toBeInstanceOf(ForbiddenError);
    const { yaml } = await exportBindings({ ctx: viewer });
    expect(yaml).toContain("adminGroups: [ seed-admins ]");
    expect(yaml).toContain("{ group: platform-devs, teamId: team-platform, role: admin }");
  });

  it("imports YAML: merge adds what is missing, replace swaps the console bindings, the seed file stays", async () => {
    const merged = await importBindings({
      ctx: ctxFor(),
      input: { mode: "merge", yaml: "adminGroups: [ops]\nteamBindings:\n  - { group: platform-devs, teamId: team-platform, role: admin }\n" },
    });
    expect(merged).toEqual({ added: 1, removed: 0, unchanged: 1 });
    const replaced = await importBindings({ ctx: ctxFor(), input: { mode: "replace", yaml: "viewerGroups: [auditors]\n" } });
    expect(replaced).toEqual({ added: 1, removed: 2, unchanged: 0 });
    const now = (await loadBindings()).map((b) => `${b.source}:${b.kind}:${b.group}`);
    expect(now).toEqual(["file:admin:seed-admins", "file:team:searchers", "console:viewer:auditors"]);
    expect(await auditRows(h.db, "binding.import")).toHaveLength(2);
  });

  it("names the bad line of an invalid import and unknown teams", async () => {
    const bad = importBindings({ ctx: ctxFor(), input: { mode: "merge", yaml: "teamBindings:\n  - { group: a, role: member }\n" } });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toThrow(/line 2: teamBindings\[0\]\.teamId: teamId is required/);
    await expect(importBindings({ ctx: ctxFor(), input: { mode: "merge", yaml: "teamBindings:\n  - { group: a, teamId: team-zzz }\n" } })).rejects.toThrow(
      "LiteLLM has no team team-zzz. Create the team first.",
    );
  });

  it("deletes a binding with one audit row, but never the last way in for admins", async () => {
    const viewerRow = (await loadBindings()).find((b) => b.group === "auditors")!;
    await deleteBinding({ ctx: ctxFor(), input: { id: viewerRow.id! } });
    expect((await loadBindings()).some((b) => b.group === "auditors")).toBe(false);
    expect(await auditRows(h.db, "binding.delete")).toHaveLength(1);

    // Without the seed file, the console's only admin binding is protected (break-glass is off here).
    vi.stubEnv("GROUP_BINDINGS_FILE", "");
    resetEnvForTests();
    try {
      const admin = await createBinding({ ctx: ctxFor(), input: createBindingSchema.parse({ group: "only-admins", kind: "admin" }) });
      await expect(deleteBinding({ ctx: ctxFor(), input: { id: admin.id! } })).rejects.toBeInstanceOf(ConflictError);
    } finally {
      vi.stubEnv("GROUP_BINDINGS_FILE", seedFile);
      resetEnvForTests();
    }
  });
});
