import { THEME_STORAGE_KEY, themeScriptSource } from "@/components/theme/theme-preference";

/**
 * Put inside <head> in the root layout (with `<html suppressHydrationWarning>`): it applies the stored
 * theme before first paint so dark-mode users never see a white flash.
 */
export function ThemeScript({ nonce, storageKey = THEME_STORAGE_KEY }: { nonce?: string; storageKey?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScriptSource(storageKey) }} />;
}
