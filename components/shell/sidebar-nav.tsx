"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { NavIcon } from "@/components/shell/nav-icon";
import { activeNavHref } from "@/components/shell/shell-paths";
import type { NavItem } from "@/components/shell/types";
import { cn } from "@/lib/utils";

export function SidebarNav({
  items,
  onNavigate,
  className,
}: {
  items: NavItem[];
  /** Called after a link is followed (the mobile sheet closes itself with it). */
  onNavigate?: () => void;
  className?: string;
}) {
  const pathname = usePathname() ?? "/";
  const active = activeNavHref(pathname, items);
  return (
    <nav aria-label="Main" className={cn("px-2", className)}>
      <ul className="grid content-start gap-1">
        {items.map((item) => {
          const isActive = item.href === active;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive ? "page" : undefined}
                onClick={onNavigate}
                className={cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-sidebar-foreground transition-colors outline-none hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/60",
                  isActive && "bg-sidebar-accent text-sidebar-accent-foreground",
                )}
              >
                <NavIcon name={item.icon} className="size-4 shrink-0" />
                <span className="truncate">{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
