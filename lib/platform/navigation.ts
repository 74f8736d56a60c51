import type { NavItem } from "@/components/shell/types";
import type { SessionUser } from "@/lib/auth/types";

/** What each role sees in the sidebar; the pages check access again themselves. */
export function navFor(user: SessionUser): NavItem[] {
  if (user.role === "admin" || user.role === "viewer") {
    return [
      { href: "/models", label: "Models", icon: "models" },
      ...(user.role === "admin" ? [{ href: "/playground", label: "Playground", icon: "playground" as const }] : []),
      { href: "/credentials", label: "Credentials", icon: "credentials" },
      { href: "/keys", label: "Virtual keys", icon: "keys" },
      { href: "/teams", label: "Teams", icon: "teams" },
      { href: "/aliases", label: "Consumer aliases", icon: "aliases" },
      { href: "/config", label: "Config as code", icon: "config" },
      { href: "/audit", label: "Audit log", icon: "audit" },
      { href: "/settings", label: "Settings", icon: "settings" },
    ];
  }
  const items: NavItem[] = [
    { href: "/keys", label: "My keys", icon: "keys" },
    { href: "/teams", label: "My teams", icon: "teams" },
    { href: "/playground", label: "Playground", icon: "playground" },
  ];
  if (user.teams.some((t) => t.role === "admin")) items.push({ href: "/audit", label: "Team audit log", icon: "audit" });
  return items;
}

export function homeFor(user: SessionUser): string {
  return user.role === "user" ? "/keys" : "/models";
}
