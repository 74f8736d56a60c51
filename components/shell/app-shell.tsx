import * as React from "react";
import Link from "next/link";
import { MenuIcon, ShieldCheckIcon } from "lucide-react";

import { BreadcrumbProvider, Breadcrumbs } from "@/components/shell/breadcrumbs";
import { CommandPalette, defaultQuickActions } from "@/components/shell/command-palette";
import { LiteLLMStatusPill } from "@/components/shell/litellm-status-pill";
import { MobileNav } from "@/components/shell/mobile-nav";
import { QueryProvider } from "@/components/query-provider";
import { NavIcon } from "@/components/shell/nav-icon";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import type { LiteLLMStatus, NavIconName, NavItem, QuickAction, ShellUser } from "@/components/shell/types";
import { UserMenu } from "@/components/shell/user-menu";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type AppShellProps = {
  user: ShellUser;
  nav: NavItem[];
  litellm: LiteLLMStatus;
  signOutAction: () => Promise<void>;
  /** Command-palette actions; defaults to "Add model" (/models/new) and "Issue key" (/keys/new). */
  quickActions?: QuickAction[];
  children: React.ReactNode;
};

function Brand() {
  return (
    <Link
      href="/"
      className="flex items-center gap-2 rounded-md px-3 py-2 text-base font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/60"
    >
      <ShieldCheckIcon className="size-5 text-sidebar-primary" aria-hidden />
      Gatehouse
    </Link>
  );
}

/**
 * A server component: static parts and icons render on the server; the client islands are small
 * (active nav link, breadcrumbs, ⌘K listener) and each menu, sheet or dialog loads its code on first use.
 */
export function AppShell({ user, nav, litellm, signOutAction, quickActions = defaultQuickActions, children }: AppShellProps) {
  const icons: Partial<Record<NavIconName, React.ReactNode>> = {};
  for (const item of nav) icons[item.icon] ??= <NavIcon name={item.icon} className="size-4 shrink-0" />;

  return (
    <BreadcrumbProvider nav={nav}>
      <a
        href="#main"
        className="sr-only rounded-md bg-background px-4 py-2 text-sm font-medium text-foreground shadow-md ring-[3px] ring-ring focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-[100]"
      >
        Skip to content
      </a>
      <div className="flex min-h-svh bg-background">
        <aside className="sticky top-0 hidden h-svh w-60 shrink-0 flex-col gap-4 border-r border-sidebar-border bg-sidebar py-3 text-sidebar-foreground md:flex">
          <div className="px-2">
            <Brand />
          </div>
          <SidebarNav items={nav} icons={icons} className="flex-1 overflow-y-auto" />
        </aside>

        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/80 md:px-6">
            <MobileNav nav={nav} icons={icons} className={cn(buttonVariants({ variant: "ghost", size: "icon" }), "md:hidden")}>
              <MenuIcon aria-hidden />
            </MobileNav>

            <Breadcrumbs className="hidden min-w-0 flex-1 sm:block" />
            <div className="flex-1 sm:hidden" />

            <div className="flex shrink-0 items-center gap-2">
              <LiteLLMStatusPill status={litellm} compact className="lg:max-w-[22rem] xl:max-w-[32rem]" />
              <CommandPalette nav={nav} actions={quickActions} />
              <ThemeToggle />
              <UserMenu user={user} signOutAction={signOutAction} />
            </div>
          </header>

          <main id="main" tabIndex={-1} className="flex-1 px-3 py-6 outline-none md:px-6">
            {/* TanStack Query is only used by console pages: keeping it here keeps it off the sign-in pages. */}
            <QueryProvider>{children}</QueryProvider>
          </main>
        </div>
      </div>
    </BreadcrumbProvider>
  );
}
