"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { breadcrumbsFromPathname } from "@/components/shell/shell-paths";
import type { BreadcrumbEntry, NavItem } from "@/components/shell/types";
import {
  Breadcrumb,
  BreadcrumbItem,
  BreadcrumbLink,
  BreadcrumbList,
  BreadcrumbPage,
  BreadcrumbSeparator,
} from "@/components/ui/breadcrumb";

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
    <Breadcrumb className={className}>
      <BreadcrumbList>
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <React.Fragment key={`${index}-${crumb.label}`}>
              <BreadcrumbItem className="min-w-0">
                {last ? (
                  <BreadcrumbPage title={crumb.title} className="truncate">
                    {crumb.label}
                  </BreadcrumbPage>
                ) : crumb.href ? (
                  <BreadcrumbLink asChild title={crumb.title}>
                    <Link href={crumb.href} className="truncate">
                      {crumb.label}
                    </Link>
                  </BreadcrumbLink>
                ) : (
                  <span title={crumb.title} className="truncate">
                    {crumb.label}
                  </span>
                )}
              </BreadcrumbItem>
              {last ? null : <BreadcrumbSeparator />}
            </React.Fragment>
          );
        })}
      </BreadcrumbList>
    </Breadcrumb>
  );
}
