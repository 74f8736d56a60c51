import { describe, expect, it } from "vitest";

import { activeNavHref, breadcrumbsFromPathname, isIdLike, shortenId } from "@/components/shell/shell-paths";

const nav = [
  { href: "/", label: "Overview" },
  { href: "/models", label: "Models" },
  { href: "/keys", label: "Virtual keys" },
  { href: "/audit", label: "Audit log" },
];

describe("activeNavHref", () => {
  it("highlights the section of a nested page, not the home item", () => {
    expect(activeNavHref("/keys/new", nav)).toBe("/keys");
    expect(activeNavHref("/models/abc123/edit", nav)).toBe("/models");
  });

  it("matches home only on the root path", () => {
    expect(activeNavHref("/", nav)).toBe("/");
    expect(activeNavHref("/settings", nav)).toBeNull();
  });

  it("does not treat a shared prefix as a parent path", () => {
    expect(activeNavHref("/keystone", nav)).toBeNull();
    expect(activeNavHref("/models/", nav)).toBe("/models");
  });

  it("prefers the longest matching href", () => {
    expect(activeNavHref("/keys/new", [...nav, { href: "/keys/new" }])).toBe("/keys/new");
  });
});

describe("breadcrumbsFromPathname", () => {
  it("uses nav labels and title-cases route words; the last crumb is the current page", () => {
    expect(breadcrumbsFromPathname("/keys/new", nav)).toEqual([{ label: "Virtual keys", href: "/keys" }, { label: "New" }]);
    expect(breadcrumbsFromPathname("/team-settings/rate-limits")).toEqual([
      { label: "Team Settings", href: "/team-settings" },
      { label: "Rate Limits" },
    ]);
  });

  it("shortens ids and keeps the full id in the title", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(breadcrumbsFromPathname(`/models/${id}`, nav)).toEqual([
      { label: "Models", href: "/models" },
      { label: "0f8fad5b…", title: id },
    ]);
    expect(breadcrumbsFromPathname("/keys/clx9k2j3a0000qwer1234asdf/edit", nav)[1]).toEqual({
      label: "clx9k2j3…",
      title: "clx9k2j3a0000qwer1234asdf",
      href: "/keys/clx9k2j3a0000qwer1234asdf",
    });
  });

  it("shows names as typed (decoded), not title-cased", () => {
    expect(breadcrumbsFromPathname("/aliases/gpt-4o-mini%20prod", nav)).toEqual([
      { label: "Aliases", href: "/aliases" },
      { label: "gpt-4o-mini prod" },
    ]);
  });

  it("gives the root a single crumb and ignores query strings", () => {
    expect(breadcrumbsFromPathname("/", nav)).toEqual([{ label: "Overview" }]);
    expect(breadcrumbsFromPathname("/")).toEqual([{ label: "Home" }]);
    expect(breadcrumbsFromPathname("/audit?page=2", nav)).toEqual([{ label: "Audit log" }]);
  });
});

describe("isIdLike / shortenId", () => {
  it("recognises uuids, hashes and cuids but not model names", () => {
    expect(isIdLike("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
    expect(isIdLike("9c1b0e7a4d2f6e8b")).toBe(true);
    expect(isIdLike("clx9k2j3a0000qwer1234asdf")).toBe(true);
    expect(isIdLike("gpt-4o-mini-2024-07-18")).toBe(false);
    expect(isIdLike("models")).toBe(false);
    expect(isIdLike("textembeddingadathreesmall")).toBe(false);
  });

  it("leaves short ids alone", () => {
    expect(shortenId("abc")).toBe("abc");
    expect(shortenId("abcdefghijk")).toBe("abcdefgh…");
  });
});
