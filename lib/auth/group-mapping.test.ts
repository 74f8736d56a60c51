import { describe, expect, it } from "vitest";
import { normaliseGroups, resolveAccess, type GroupBinding } from "./group-mapping";

// The bindings from the sandbox seed file (sandbox fixture users map onto these).
const bindings: GroupBinding[] = [
  { group: "gatehouse-admins", kind: "admin" },
  { group: "gatehouse-viewers", kind: "viewer" },
  { group: "team-alpha", kind: "team", teamId: "team-alpha", teamRole: "member" },
  { group: "team-alpha-admins", kind: "team", teamId: "team-alpha", teamRole: "admin" },
  { group: "team-beta", kind: "team", teamId: "team-beta", teamRole: "member" },
];

const withSystem = (groups: string[]) => [...groups, "system:authenticated", "system:authenticated:oauth"];

describe("normaliseGroups", () => {
  it("keeps strings only, trims, drops system: groups, strips Keycloak's leading slash and dedupes", () => {
    expect(
      normaliseGroups([" team-alpha ", "/team-beta", "team-alpha", "system:authenticated", 42, null, { a: 1 }, "", "  ", "/"]),
    ).toEqual(["team-alpha", "team-beta"]);
  });

  it("returns [] for anything that is not an array (missing or malformed claim)", () => {
    expect(normaliseGroups(undefined)).toEqual([]);
    expect(normaliseGroups("gatehouse-admins")).toEqual([]);
    expect(normaliseGroups({ groups: ["x"] })).toEqual([]);
  });
});

describe("resolveAccess with the sandbox fixture users", () => {
  it("ocp-admin (gatehouse-admins) → admin, no teams", () => {
    expect(resolveAccess(withSystem(["gatehouse-admins"]), bindings)).toEqual({ role: "admin", teams: [] });
  });

  it("ocp-viewer (gatehouse-viewers) → viewer", () => {
    expect(resolveAccess(withSystem(["gatehouse-viewers"]), bindings)).toEqual({ role: "viewer", teams: [] });
  });

  it("alpha-admin (team-alpha-admins) → user + team-alpha admin", () => {
    expect(resolveAccess(withSystem(["team-alpha-admins"]), bindings)).toEqual({
      role: "user",
      teams: [{ teamId: "team-alpha", role: "admin" }],
    });
  });

  it("alpha-member (team-alpha) → user + team-alpha member", () => {
    expect(resolveAccess(withSystem(["team-alpha"]), bindings)).toEqual({
      role: "user",
      teams: [{ teamId: "team-alpha", role: "member" }],
    });
  });

  it("multi-team (team-alpha, team-beta) → member of both", () => {
    expect(resolveAccess(withSystem(["team-beta", "team-alpha"]), bindings)).toEqual({
      role: "user",
      teams: [
        { teamId: "team-alpha", role: "member" },
        { teamId: "team-beta", role: "member" },
      ],
    });
  });

  it("no-groups → null (denied), even though OpenShift adds system:authenticated", () => {
    expect(resolveAccess(withSystem([]), bindings)).toBeNull();
  });

  it("unmapped (other-group) → null (denied)", () => {
    expect(resolveAccess(withSystem(["other-group"]), bindings)).toBeNull();
  });

  it("oidc-admin (gatehouse-admins) → admin; oidc-member (/team-beta, Keycloak full path) → team-beta member", () => {
    expect(resolveAccess(["gatehouse-admins"], bindings)?.role).toBe("admin");
    expect(resolveAccess(["/team-beta"], bindings)).toEqual({ role: "user", teams: [{ teamId: "team-beta", role: "member" }] });
  });
});

describe("resolveAccess rules", () => {
  it("admin wins over viewer, and team memberships are still listed for an admin", () => {
    expect(resolveAccess(["gatehouse-viewers", "gatehouse-admins", "team-alpha"], bindings)).toEqual({
      role: "admin",
      teams: [{ teamId: "team-alpha", role: "member" }],
    });
  });

  it("viewer plus a team stays viewer (read-only) with the team listed", () => {
    expect(resolveAccess(["gatehouse-viewers", "team-alpha"], bindings)?.role).toBe("viewer");
  });

  it("member and admin bindings for the same team → admin, in either order", () => {
    const expected = { role: "user", teams: [{ teamId: "team-alpha", role: "admin" }] };
    expect(resolveAccess(["team-alpha", "team-alpha-admins"], bindings)).toEqual(expected);
    expect(resolveAccess(["team-alpha", "team-alpha-admins"], [...bindings].reverse())).toEqual(expected);
  });

  it("system: groups never match a binding, even if one was configured", () => {
    expect(resolveAccess(["system:authenticated"], [{ group: "system:authenticated", kind: "admin" }])).toBeNull();
  });

  it("a team binding without teamId grants nothing; a missing teamRole means member", () => {
    expect(resolveAccess(["g"], [{ group: "g", kind: "team", teamId: null }])).toBeNull();
    expect(resolveAccess(["g"], [{ group: "g", kind: "team", teamId: "t" }])).toEqual({
      role: "user",
      teams: [{ teamId: "t", role: "member" }],
    });
  });

  it("is recomputed from scratch: removing a group removes its access on the next sign-in", () => {
    const before = resolveAccess(["gatehouse-admins", "team-alpha-admins"], bindings);
    const after = resolveAccess(["team-alpha"], bindings);
    expect(before).toEqual({ role: "admin", teams: [{ teamId: "team-alpha", role: "admin" }] });
    expect(after).toEqual({ role: "user", teams: [{ teamId: "team-alpha", role: "member" }] });
    expect(resolveAccess([], bindings)).toBeNull();
  });

  it("bindings written with a Keycloak-style leading slash still match", () => {
    expect(resolveAccess(["team-beta"], [{ group: "/team-beta", kind: "viewer" }])?.role).toBe("viewer");
  });
});
