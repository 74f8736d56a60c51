/** Props contract between the lead's layout (data) and the presentational shell. */

export type NavIconName = "models" | "credentials" | "keys" | "teams" | "aliases" | "config" | "audit" | "settings" | "home" | "playground";

export type NavItem = {
  href: string;
  label: string;
  icon: NavIconName;
};

export type LiteLLMStatus = { ok: true; version: string; url: string } | { ok: false; url: string; message: string };

export type ShellUser = {
  name: string;
  username: string;
  provider: string;
  role: "admin" | "viewer" | "user";
  teams: { teamId: string; teamAlias?: string; role: "admin" | "member" }[];
};

/** A command-palette shortcut to a page that is not in the nav (e.g. a "new" form). */
export type QuickAction = {
  href: string;
  label: string;
};

export type BreadcrumbEntry = {
  label: string;
  /** Omit for the current page (the last crumb). */
  href?: string;
  /** Full text when `label` is shortened (e.g. a long id). */
  title?: string;
};
