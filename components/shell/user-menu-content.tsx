"use client";

import * as React from "react";
import { LogOutIcon } from "lucide-react";

import { useFocusFirstItemOnMount, type OpenedBy } from "@/components/shell/deferred";
import type { ShellUser } from "@/components/shell/types";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

const roleLabels: Record<ShellUser["role"], string> = { admin: "Admin", viewer: "Viewer", user: "User" };
const roleVariants = { admin: "default", viewer: "secondary", user: "outline" } as const;

/** Loaded on first use of the user-menu trigger; mounts open, then behaves as a plain Radix menu. */
export function UserMenuContent({
  user,
  onSignOut,
  triggerClassName,
  openedBy,
  children,
}: {
  user: ShellUser;
  onSignOut: () => void;
  triggerClassName: string;
  openedBy: OpenedBy;
  children: React.ReactNode;
}) {
  const menu = React.useRef<HTMLDivElement>(null);
  useFocusFirstItemOnMount(menu, openedBy === "keyboard");
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>
        <button type="button" className={triggerClassName} data-slot="button" data-testid="user-menu">
          {children}
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72" ref={menu}>
        <DropdownMenuLabel className="grid gap-1 font-normal">
          <span className="flex items-center justify-between gap-2">
            <span className="truncate text-sm font-medium">{user.name}</span>
            <Badge variant={roleVariants[user.role]}>{roleLabels[user.role]}</Badge>
          </span>
          <span className="truncate text-xs text-muted-foreground">
            {user.username} · via {user.provider}
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuGroup>
          <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">Teams</DropdownMenuLabel>
          {user.teams.length === 0 ? (
            <div className="px-2 pb-1.5 text-sm text-muted-foreground">Not in any team</div>
          ) : (
            // Plain divs: a menu may only own menu items, groups and separators (list roles fail axe).
            <div className="grid gap-1 px-2 pb-1.5">
              {user.teams.map((team) => (
                <div key={team.teamId} className="flex items-center justify-between gap-2 text-sm">
                  <span className="truncate" title={team.teamId}>
                    {team.teamAlias ?? team.teamId}
                  </span>
                  <Badge variant={team.role === "admin" ? "secondary" : "outline"}>{team.role === "admin" ? "Team admin" : "Member"}</Badge>
                </div>
              ))}
            </div>
          )}
        </DropdownMenuGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={onSignOut}>
          <LogOutIcon aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
