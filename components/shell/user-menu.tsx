"use client";

import * as React from "react";
import { LogOutIcon } from "lucide-react";

import type { ShellUser } from "@/components/shell/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
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

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = parts[0][0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? "") : "";
  return (first + last).toUpperCase();
}

export function UserMenu({ user, signOutAction }: { user: ShellUser; signOutAction: () => Promise<void> }) {
  // The form lives outside the menu: the menu unmounts on select, which would cancel a submit from inside it.
  const signOutForm = React.useRef<HTMLFormElement>(null);
  return (
    <>
      <form ref={signOutForm} action={signOutAction} hidden />
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" className="h-9 gap-2 px-2" data-testid="user-menu">
            <span
              aria-hidden
              className="flex size-7 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
            >
              {initials(user.name)}
            </span>
            <span className="sr-only max-w-40 truncate sm:not-sr-only">{user.name}</span>
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-72">
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
                    <Badge variant={team.role === "admin" ? "secondary" : "outline"}>
                      {team.role === "admin" ? "Team admin" : "Member"}
                    </Badge>
                  </div>
                ))}
              </div>
            )}
          </DropdownMenuGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => signOutForm.current?.requestSubmit()}>
            <LogOutIcon aria-hidden /> Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
