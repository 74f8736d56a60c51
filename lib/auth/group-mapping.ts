/**
 * Pure group → console access mapping (design/auth.md §6.3). Recomputed from scratch at every
 * sign-in from the IdP's current groups: nothing is merged with earlier roles, so leaving a group
 * removes the access it gave (unlike LiteMaaS's sticky `mergeRoles`).
 */

export type ConsoleRole = "admin" | "viewer" | "user";
export type TeamRole = "admin" | "member";

export interface GroupBinding {
  group: string;
  kind: "admin" | "viewer" | "team";
  teamId?: string | null;
  teamRole?: TeamRole | null;
}

export interface Access {
  role: ConsoleRole;
  teams: { teamId: string; role: TeamRole }[];
}

/** Strings only, trimmed, `system:*` virtual groups dropped, Keycloak's leading "/" stripped, deduped. */
export function normaliseGroups(groups: unknown): string[] {
  if (!Array.isArray(groups)) return [];
  const out = new Set<string>();
  for (const g of groups) {
    if (typeof g !== "string") continue;
    let name = g.trim();
    if (name.startsWith("/")) name = name.slice(1).trim();
    if (name === "" || name.startsWith("system:")) continue;
    out.add(name);
  }
  return [...out];
}

/** Returns null when no binding matches: the caller denies sign-in (→ /denied). */
export function resolveAccess(groups: string[], bindings: GroupBinding[]): Access | null {
  const mine = new Set(normaliseGroups(groups));
  let admin = false;
  let viewer = false;
  const teams = new Map<string, TeamRole>();
  for (const b of bindings) {
    if (!mine.has(normaliseGroups([b.group])[0] ?? "")) continue;
    if (b.kind === "admin") admin = true;
    else if (b.kind === "viewer") viewer = true;
    else if (b.kind === "team" && b.teamId) {
      const role: TeamRole = b.teamRole === "admin" ? "admin" : "member";
      if (teams.get(b.teamId) !== "admin") teams.set(b.teamId, role);
    }
  }
  if (!admin && !viewer && teams.size === 0) return null;
  return {
    role: admin ? "admin" : viewer ? "viewer" : "user",
    teams: [...teams.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([teamId, role]) => ({ teamId, role })),
  };
}
