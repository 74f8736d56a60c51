/** Pure theme rules shared by the provider, the no-flash script and the tests. */

export const THEME_STORAGE_KEY = "gatehouse-theme";

export const themes = ["light", "dark", "system"] as const;
export type Theme = (typeof themes)[number];
export type ResolvedTheme = "light" | "dark";

/** Anything unreadable in storage (missing, tampered, an old format) means "follow the system". */
export function parseTheme(value: unknown): Theme {
  return typeof value === "string" && (themes as readonly string[]).includes(value) ? (value as Theme) : "system";
}

export function resolveTheme(theme: Theme, systemPrefersDark: boolean): ResolvedTheme {
  if (theme === "system") return systemPrefersDark ? "dark" : "light";
  return theme;
}

/**
 * Source of the inline <head> script. It must run before first paint, so it is plain ES5 with no
 * imports, and it swallows storage errors (Safari private mode, disabled cookies).
 */
export function themeScriptSource(storageKey: string = THEME_STORAGE_KEY): string {
  return `(function(){try{var t=localStorage.getItem(${JSON.stringify(storageKey)});if(t!=="light"&&t!=="dark")t="system";var d=t==="dark"||(t==="system"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";}catch(_){}})();`;
}
