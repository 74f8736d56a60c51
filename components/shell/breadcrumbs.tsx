"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { breadcrumbsFromPathname } from "@/components/shell/shell-paths";
import type { BreadcrumbEntry, NavItem } from "@/components/shell/types";

// Same markup and classes as components/ui/breadcrumb, without its tailwind-merge/Slot/lucide imports:
// this trail is on every console page's first load.
const linkClass =
  "rounded-sm transition-colors outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 truncate";

function ChevronRight() {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width="24"
      height="24"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="m9 18 6-6-6-6" />
    </svg>
  );
}

type BreadcrumbOverride = {
  items: BreadcrumbEntry[] | null;
  setItems: (items: BreadcrumbEntry[] | null) => void;
  nav: NavItem[];
};

const BreadcrumbContext = React.createContext<BreadcrumbOverride | null>(null);

/** Held by AppShell: lets a page replace the derived header breadcrumbs via <SetBreadcrumbs>. */
export function BreadcrumbProvider({ nav, children }: { nav: NavItem[]; children: React.ReactNode }) {
  const [items, setItems] = React.useState<BreadcrumbEntry[] | null>(null);
  const value = React.useMemo(() => ({ items, setItems, nav }), [items, nav]);
  return <BreadcrumbContext.Provider value={value}>{children}</BreadcrumbContext.Provider>;
}

/**
 * Renders nothing; while mounted, the header shows `items` instead of crumbs derived from the URL.
 * Use it on pages whose URL holds an id: `<SetBreadcrumbs items={[{ label: "Models", href: "/models" }, { label: model.name }]} />`.
 */
export function SetBreadcrumbs({ items }: { items: BreadcrumbEntry[] }) {
  const context = React.useContext(BreadcrumbContext);
  const setItems = context?.setItems;
  // Compare by content so a new array literal on every render does not loop.
  const key = JSON.stringify(items);
  React.useEffect(() => {
    if (!setItems) return;
    setItems(JSON.parse(key) as BreadcrumbEntry[]);
    return () => setItems(null);
  }, [key, setItems]);
  return null;
}

/**
 * Breadcrumb trail. With `items` it renders exactly those; otherwise a page override set by
 * <SetBreadcrumbs>, else crumbs derived from the pathname (nav labels, title-cased words, short ids).
 */
export function Breadcrumbs({ items, className }: { items?: BreadcrumbEntry[]; className?: string }) {
  const pathname = usePathname() ?? "/";
  const context = React.useContext(BreadcrumbContext);
  const crumbs = items ?? context?.items ?? breadcrumbsFromPathname(pathname, context?.nav ?? []);
  return (
    <nav aria-label="Breadcrumb" data-slot="breadcrumb" className={className}>
      <ol data-slot="breadcrumb-list" className="flex flex-wrap items-center gap-1.5 text-sm break-words text-muted-foreground sm:gap-2.5">
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <React.Fragment key={`${index}-${crumb.label}`}>
              <li data-slot="breadcrumb-item" className="inline-flex min-w-0 items-center gap-1.5">
                {last ? (
                  <span
                    data-slot="breadcrumb-page"
                    aria-current="page"
                    title={crumb.title}
                    className="truncate font-normal text-foreground"
                  >
                    {crumb.label}
                  </span>
                ) : crumb.href ? (
                  <Link href={crumb.href} data-slot="breadcrumb-link" title={crumb.title} className={linkClass}>
                    {crumb.label}
                  </Link>
                ) : (
                  <span title={crumb.title} className="truncate">
                    {crumb.label}
                  </span>
                )}
              </li>
              {last ? null : (
                <li data-slot="breadcrumb-separator" role="presentation" aria-hidden="true" className="[&>svg]:size-3.5">
                  <ChevronRight />
                </li>
              )}
            </React.Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
