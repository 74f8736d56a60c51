import { describe, expect, it } from "vitest";

import { forbiddenMessage, routeAccess } from "./route-access";
import type { SessionUser } from "./types";

const user = (over: Partial<SessionUser>): SessionUser => ({ id: "x", provider: "openshift", username: "x", name: "x", role: null, teams: [], ...over }) as SessionUser;
const admin = user({ role: "admin" });
const viewer = user({ role: "viewer" });
const member = user({ teams: [{ teamId: "team-alpha", role: "member" }] } as Partial<SessionUser>);
const teamAdmin = user({ teams: [{ teamId: "team-alpha", role: "admin" }] } as Partial<SessionUser>);

describe("routeAccess", () => {
  it.each([
    ["/models", member, false],
    ["/models", viewer, true],
    ["/models/new", viewer, false],
    ["/models/new", admin, true],
    ["/models/abc", member, false],
    ["/credentials", member, false],
    ["/credentials", viewer, true],
    ["/settings", teamAdmin, false],
    ["/teams/team-alpha", member, true],
    ["/teams/team-beta", member, false],
    ["/teams", member, true],
    ["/audit", member, false],
    ["/audit", teamAdmin, true],
    ["/keys/new", viewer, false],
    ["/keys/new", member, true],
    ["/keys", member, true],
    ["/aliases", member, false],
    ["/aliases", viewer, true],
    ["/playground", viewer, false],
    ["/playground", member, true],
  ] as const)("%s for %o → allowed %s", (path, who, allowed) => {
    expect(routeAccess(path, who).allowed).toBe(allowed);
  });

  it("names what the page needs, like the page itself does", () => {
    expect(routeAccess("/credentials", member)).toEqual({ allowed: false, message: "Credentials are visible to console admins and viewers." });
    expect(forbiddenMessage("/models/new")).toBe("Only console admins can add models.");
    expect(forbiddenMessage(null)).toBe("Ask a Gatehouse admin for access.");
  });
});
