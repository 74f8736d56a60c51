import type { BreadcrumbEntry, NavItem } from "@/components/shell/types";

/**
 * The nav item the pathname belongs to: exact match or the longest href that is a path prefix
 * ("/keys/abc" → "/keys"), so a detail page keeps its section highlighted. "/" only matches itself.
 */
export function activeNavHref(pathname: string, items: readonly Pick<NavItem, "href">[]): string | null {
  const path = stripTrailingSlash(pathname);
  let best: string | null = null;
  for (const { href } of items) {
    const target = stripTrailingSlash(href);
    const matches = target === "/" ? path === "/" : path === target || path.startsWith(`${target}/`);
    if (matches && (best === null || target.length > stripTrailingSlash(best).length)) best = href;
  }
  return best;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_HEX = /^[0-9a-f]{16,}$/i;
// cuid/nanoid-style ids: one long run of letters and digits with at least one digit.
const OPAQUE_TOKEN = /^(?=.*\d)[A-Za-z0-9]{20,}$/;
const ROUTE_WORD = /^[a-z]+(?:-[a-z]+)*$/;

export function isIdLike(segment: string): boolean {
  return UUID.test(segment) || LONG_HEX.test(segment) || OPAQUE_TOKEN.test(segment);
}

/** "4f9c2e1a-…" style: enough to tell rows apart, short enough for a header. */
export function shortenId(id: string, keep = 8): string {
  return id.length <= keep ? id : `${id.slice(0, keep)}…`;
}

/** "virtual-keys" → "Virtual Keys". */
export function titleCase(word: string): string {
  return word
    .split("-")
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(" ");
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Breadcrumbs for a pathname. A path that is a nav href uses the nav label; route words are title-cased;
 * ids are shortened (full id in `title`); anything else (a model or alias name) is shown as typed.
 * The last crumb has no href: it is the current page.
 */
export function breadcrumbsFromPathname(pathname: string, nav: readonly Pick<NavItem, "href" | "label">[] = []): BreadcrumbEntry[] {
  const segments = stripTrailingSlash(pathname.split(/[?#]/)[0] ?? "/")
    .split("/")
    .filter(Boolean);
  if (segments.length === 0) {
    const home = nav.find((item) => item.href === "/");
    return [{ label: home?.label ?? "Home" }];
  }
  const labelsByHref = new Map(nav.map((item) => [stripTrailingSlash(item.href), item.label]));
  return segments.map((raw, index) => {
    const href = `/${segments.slice(0, index + 1).join("/")}`;
    const segment = decodeSegment(raw);
    const navLabel = labelsByHref.get(href);
    let entry: BreadcrumbEntry;
    if (navLabel) entry = { label: navLabel };
    else if (isIdLike(segment)) entry = { label: shortenId(segment), title: segment };
    else if (ROUTE_WORD.test(segment)) entry = { label: titleCase(segment) };
    else entry = { label: segment };
    return index === segments.length - 1 ? entry : { ...entry, href };
  });
}
