import Link from "next/link";

import { cn } from "@/lib/utils";

const TABS = [
  { href: "/usage", label: "Overview" },
  { href: "/usage/budgets", label: "Budgets" },
  { href: "/usage/logs", label: "Request log" },
] as const;

/** Section navigation of /usage (plain links: server-rendered, no client code). */
export function UsageTabs({ active, tz }: { active: (typeof TABS)[number]["href"]; tz?: string }) {
  return (
    <nav aria-label="Usage sections" className="flex gap-1 border-b">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={tz ? `${t.href}?tz=${encodeURIComponent(tz)}` : t.href}
          aria-current={t.href === active ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground focus-visible:outline-2",
            t.href === active && "border-primary text-foreground",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
