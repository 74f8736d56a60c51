import type { NavItem } from "@/components/shell/types";
import type { SessionUser } from "@/lib/auth/types";

/** What each role sees in the sidebar; the pages check access again themselves. */
export function navFor(user: SessionUser): NavItem[] {
  if (user.role === "admin" || user.role === "viewer") {
    return [
      { href: "/", label: "Overview", icon: "home" },
      { href: "/models", label: "Models", icon: "models" },
      ...(user.role === "admin" ? [{ href: "/playground", label: "Playground", icon: "playground" as const }] : []),
      { href: "/credentials", label: "Credentials", icon: "credentials" },
      { href: "/keys", label: "Virtual keys", icon: "keys" },
      { href: "/teams", label: "Teams", icon: "teams" },
      { href: "/usage", label: "Usage", icon: "usage" },
      { href: "/aliases", label: "Consumer aliases", icon: "aliases" },
      { href: "/config", label: "Config as code", icon: "config" },
      { href: "/audit", label: "Audit log", icon: "audit" },
      { href: "/notifications", label: "Notifications", icon: "notifications" },
      { href: "/settings", label: "Settings", icon: "settings" },
    ];
  }
  const items: NavItem[] = [
    { href: "/", label: "Overview", icon: "home" },
    { href: "/keys", label: "My keys", icon: "keys" },
    { href: "/teams", label: "My teams", icon: "teams" },
    { href: "/playground", label: "Playground", icon: "playground" },
    { href: "/usage", label: "Usage", icon: "usage" },
  ];
  if (user.teams.some((t) => t.role === "admin")) {
    items.push({ href: "/audit", label: "Team audit log", icon: "audit" });
    items.push({ href: "/notifications", label: "Notifications", icon: "notifications" });
  }
  return items;
}
