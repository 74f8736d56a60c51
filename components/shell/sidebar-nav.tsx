"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { activeNavHref } from "@/components/shell/shell-paths";
import type { NavIconName, NavItem } from "@/components/shell/types";

// Plain class strings (no tailwind-merge) keep this first-load component small.
const linkBase =
  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors outline-none hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/60";

export function SidebarNav({
  items,
  icons = {},
  onNavigate,
  className,
}: {
  items: NavItem[];
  /** Icons rendered by the server (see nav-icon), so lucide stays out of the client bundle. */
  icons?: Partial<Record<NavIconName, React.ReactNode>>;
  /** Called after a link is followed (the mobile sheet closes itself with it). */
  onNavigate?: () => void;
  className?: string;
}) {
  const pathname = usePathname() ?? "/";
  const active = activeNavHref(pathname, items);
  return (
    <nav aria-label="Main" className={className ? `px-2 ${className}` : "px-2"}>
      <ul className="grid content-start gap-1">
        {items.map((item) => {
          const isActive = item.href === active;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive ? "page" : undefined}
                onClick={onNavigate}
                className={`${linkBase} ${isActive ? "bg-sidebar-accent text-sidebar-accent-foreground" : "text-sidebar-foreground"}`}
              >
                {icons[item.icon] ?? null}
                <span className="truncate">{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
