import { MoonIcon, SunIcon } from "lucide-react";

import { ThemeMenuButton } from "@/components/theme/theme-menu-button";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** Icon button (accessible name "Theme") opening Light / Dark / System; the menu's code loads on first use. */
export function ThemeToggle({ className }: { className?: string }) {
  return (
    <ThemeMenuButton className={cn(buttonVariants({ variant: "ghost", size: "icon" }), className)}>
      {/* CSS picks the icon so the server-rendered markup matches whatever ThemeScript chose. */}
      <SunIcon className="size-4 dark:hidden" aria-hidden />
      <MoonIcon className="hidden size-4 dark:block" aria-hidden />
    </ThemeMenuButton>
  );
}
