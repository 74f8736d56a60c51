import type { ShellUser } from "@/components/shell/types";
import { UserMenuButton } from "@/components/shell/user-menu-button";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = parts[0][0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? "") : "";
  return (first + last).toUpperCase();
}

/** Server-rendered trigger; the Radix menu itself loads on first use (see user-menu-content). */
export function UserMenu({ user, signOutAction }: { user: ShellUser; signOutAction: () => Promise<void> }) {
  return (
    <UserMenuButton user={user} signOutAction={signOutAction} className={cn(buttonVariants({ variant: "ghost" }), "h-9 gap-2 px-2")}>
      <span
        aria-hidden
        className="flex size-7 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
      >
        {initials(user.name)}
      </span>
      <span className="sr-only max-w-40 truncate sm:not-sr-only">{user.name}</span>
    </UserMenuButton>
  );
}
