"use client";

import * as React from "react";

import { THEME_STORAGE_KEY, parseTheme, resolveTheme, type ResolvedTheme, type Theme } from "@/components/theme/theme-preference";

type ThemeContextValue = {
  /** What the user chose. */
  theme: Theme;
  /** What is on screen once "system" is resolved. */
  resolvedTheme: ResolvedTheme;
  setTheme: (theme: Theme) => void;
};

const ThemeContext = React.createContext<ThemeContextValue | null>(null);

const DARK_QUERY = "(prefers-color-scheme: dark)";
// Same-tab writes do not fire the "storage" event, so the provider notifies its own subscribers.
const localListeners = new Set<() => void>();
// Fallback when localStorage throws (private mode): the choice then lasts until the page reloads.
let memoryTheme: Theme | null = null;

function readStoredTheme(storageKey: string): Theme {
  try {
    return parseTheme(window.localStorage.getItem(storageKey));
  } catch {
    return memoryTheme ?? "system";
  }
}

const subscribeNever = () => () => {};

function subscribeToStorage(onChange: () => void) {
  localListeners.add(onChange);
  window.addEventListener("storage", onChange);
  return () => {
    localListeners.delete(onChange);
    window.removeEventListener("storage", onChange);
  };
}

function subscribeToSystem(onChange: () => void) {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

export function ThemeProvider({ children, storageKey = THEME_STORAGE_KEY }: { children: React.ReactNode; storageKey?: string }) {
  // The server renders "system"/light; the client snapshot takes over right after hydration.
  const theme = React.useSyncExternalStore(
    subscribeToStorage,
    () => readStoredTheme(storageKey),
    () => "system" as Theme,
  );
  const systemPrefersDark = React.useSyncExternalStore(
    subscribeToSystem,
    () => window.matchMedia(DARK_QUERY).matches,
    () => false,
  );
  const resolvedTheme = resolveTheme(theme, systemPrefersDark);
  // False only while hydrating, when the snapshots above still hold the server's guess.
  const hydrated = React.useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );

  React.useEffect(() => {
    // ThemeScript already set the class before paint; touching it with the server's guess would flash.
    if (!hydrated) return;
    const root = document.documentElement;
    root.classList.toggle("dark", resolvedTheme === "dark");
    root.style.colorScheme = resolvedTheme;
  }, [hydrated, resolvedTheme]);

  const setTheme = React.useCallback(
    (next: Theme) => {
      try {
        window.localStorage.setItem(storageKey, next);
      } catch {
        memoryTheme = next;
      }
      localListeners.forEach((listener) => listener());
    },
    [storageKey],
  );

  const value = React.useMemo(() => ({ theme, resolvedTheme, setTheme }), [theme, resolvedTheme, setTheme]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

/** Works outside a provider too (falls back to "system", no-op setter) so leaf components never crash. */
export function useTheme(): ThemeContextValue {
  return React.useContext(ThemeContext) ?? { theme: "system", resolvedTheme: "light", setTheme: () => {} };
}
