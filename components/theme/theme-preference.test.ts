import { describe, expect, it } from "vitest";

import { THEME_STORAGE_KEY, parseTheme, resolveTheme, themeScriptSource } from "@/components/theme/theme-preference";

describe("parseTheme / resolveTheme", () => {
  it("keeps valid choices and falls back to system for anything else", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("system")).toBe("system");
    expect(parseTheme(null)).toBe("system");
    expect(parseTheme("DARK")).toBe("system");
    expect(parseTheme('{"theme":"dark"}')).toBe("system");
  });

  it("follows the OS only when the choice is system", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });
});

describe("themeScriptSource", () => {
  type FakeRoot = { classList: Set<string>; colorScheme: string };

  function runScript(stored: string | null, osDark: boolean, storageThrows = false): FakeRoot {
    const root: FakeRoot = { classList: new Set(["dark"]), colorScheme: "" };
    const documentElement = {
      classList: { toggle: (name: string, on: boolean) => (on ? root.classList.add(name) : root.classList.delete(name)) },
      style: {
        set colorScheme(value: string) {
          root.colorScheme = value;
        },
      },
    };
    const localStorage = {
      getItem: (key: string) => {
        if (storageThrows) throw new Error("SecurityError");
        return key === THEME_STORAGE_KEY ? stored : null;
      },
    };
    const window = { matchMedia: (query: string) => ({ matches: osDark && query.includes("dark") }) };
    new Function("localStorage", "window", "document", themeScriptSource())(localStorage, window, { documentElement });
    return root;
  }

  it("applies the stored choice before paint", () => {
    expect(runScript("dark", false)).toEqual({ classList: new Set(["dark"]), colorScheme: "dark" });
    expect(runScript("light", true)).toEqual({ classList: new Set(), colorScheme: "light" });
  });

  it("follows the OS when nothing (or garbage) is stored", () => {
    expect(runScript(null, true).colorScheme).toBe("dark");
    expect(runScript("purple", false).classList.has("dark")).toBe(false);
  });

  it("does not throw when storage is blocked", () => {
    expect(() => runScript(null, true, true)).not.toThrow();
  });
});
