"use client";

import * as React from "react";
import { MonitorIcon, MoonIcon, SunIcon } from "lucide-react";

import { useFocusFirstItemOnMount, type OpenedBy } from "@/components/shell/deferred";
import { parseTheme } from "@/components/theme/theme-preference";
import { useTheme } from "@/components/theme/theme-provider";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/** Loaded on first use of the theme trigger; mounts open, then behaves as a plain Radix menu. */
export function ThemeMenu({
  triggerClassName,
  openedBy,
  children,
}: {
  triggerClassName: string;
  openedBy: OpenedBy;
  children: React.ReactNode;
}) {
  const { theme, setTheme } = useTheme();
  const menu = React.useRef<HTMLDivElement>(null);
  useFocusFirstItemOnMount(menu, openedBy === "keyboard");
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>
        <button type="button" aria-label="Theme" title="Theme" className={triggerClassName} data-slot="button">
          {children}
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-36" ref={menu}>
        <DropdownMenuLabel className="text-xs text-muted-foreground">Theme</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuRadioGroup value={theme} onValueChange={(value) => setTheme(parseTheme(value))}>
          <DropdownMenuRadioItem value="light">
            <SunIcon aria-hidden /> Light
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">
            <MoonIcon aria-hidden /> Dark
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">
            <MonitorIcon aria-hidden /> System
          </DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
