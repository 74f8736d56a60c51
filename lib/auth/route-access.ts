import { canReadPlatform, isAdmin, teamRole } from "./permissions";
import type { SessionUser } from "./types";

/**
 * Who may open which console page, checked once per full page load in the console layout (before anything streams,
 * so a refusal is an HTTP 403 with the forbidden panel) and again by every page, action and route handler itself.
 * Pages whose refusal depends on data (a key of another team) still answer with the panel from the page.
 */

interface RouteRule {
  pattern: RegExp;
  allowed(user: SessionUser, match: RegExpExecArray): boolean;
  message: string;
}

const RULES: RouteRule[] = [
  { pattern: /^\/models\/new\/?$/, allowed: isAdmin, message: "Only console admins can add models." },
  { pattern: /^\/models(\/|$)/, allowed: canReadPlatform, message: "Models are visible to console admins and viewers." },
  { pattern: /^\/credentials(\/|$)/, allowed: canReadPlatform, message: "Credentials are visible to console admins and viewers." },
  { pattern: /^\/settings(\/|$)/, allowed: canReadPlatform, message: "Settings are visible to console admins and viewers." },
  { pattern: /^\/aliases(\/|$)/, allowed: canReadPlatform, message: "Consumer aliases are visible to console admins and viewers." },
  {
    pattern: /^\/teams\/([^/]+)\/?$/,
    allowed: (user, match) => canReadPlatform(user) || teamRole(user, decodeURIComponent(match[1]!)) !== null,
    message: "You can only see the teams you belong to.",
  },
  {
    pattern: /^\/audit(\/|$)/,
    allowed: (user) => canReadPlatform(user) || user.teams.some((t) => t.role === "admin"),
    message: "The audit log is visible to console admins, viewers and team admins.",
  },
  { pattern: /^\/keys\/new\/?$/, allowed: (user) => user.role !== "viewer", message: "Viewers can read keys but not issue them." },
  {
    pattern: /^\/playground(\/|$)/,
    allowed: (user) => user.role !== "viewer",
    message: "Viewers can read the console but not call models. Ask an admin or a team admin.",
  },
];

export type RouteAccess = { allowed: true } | { allowed: false; message: string };

export function routeAccess(pathname: string, user: SessionUser): RouteAccess {
  for (const rule of RULES) {
    const match = rule.pattern.exec(pathname);
    if (match) return rule.allowed(user, match) ? { allowed: true } : { allowed: false, message: rule.message };
  }
  return { allowed: true };
}

/** The panel's message for a refused page (the forbidden boundary only knows the path). */
export function forbiddenMessage(pathname: string | null): string {
  for (const rule of RULES) if (pathname && rule.pattern.test(pathname)) return rule.message;
  return "Ask a Gatehouse admin for access.";
}
