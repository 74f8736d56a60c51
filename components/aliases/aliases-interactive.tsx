"use client";

import * as React from "react";
import { useRouter } from "next/navigation";

import { deferredModule, useDeferredPopup } from "@/components/shell/deferred";
import { LoadingState } from "@/components/states/loading-state";
import { CardContent } from "@/components/ui/card";
import { Table, TableBody } from "@/components/ui/table";
import type { AliasDialogProps } from "./alias-dialogs";
import { hiddenPanels, type AliasTab } from "./kinds";

// The interactive layer of /aliases, loaded after hydration by <Island>; the dialogs' code (Radix, react-hook-form,
// zod) still waits for a trigger press, the import form for its panel to be rendered.
const loadDialogs = deferredModule(() => import("./alias-dialogs"));
const loadImport = deferredModule(() => import("./import-export"));

// The tab list is the only owner of the current tab; the other islands switch tabs through it.
let selectTab: (tab: AliasTab) => void = () => {};

/**
 * The tab list; the server-rendered panels (#aliases-panel-<tab>) are shown by a style rule, so they stay mounted
 * and a pasted file, its preview and the search survive switching tabs. Arrow keys, Home and End move between tabs.
 */
export function TabList({
  initial,
  tabs,
  listClassName,
  tabClassName,
}: {
  initial: AliasTab;
  tabs: { value: AliasTab; label: React.ReactNode }[];
  listClassName: string;
  tabClassName: string;
}) {
  const [tab, setTab] = React.useState(initial);
  const select = React.useCallback((next: AliasTab) => {
    setTab(next);
    // Keep the tab in the URL without a server round trip.
    const url = new URL(window.location.href);
    if (next === "coverage") url.searchParams.delete("tab");
    else url.searchParams.set("tab", next);
    window.history.replaceState(window.history.state, "", url);
  }, []);
  React.useEffect(() => {
    selectTab = select;
  }, [select]);
  const order = tabs.map((t) => t.value);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const at = order.indexOf(tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at + order.length - 1, Home: 0, End: order.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = order[to % order.length];
    select(next);
    document.getElementById(`aliases-tab-${next}`)?.focus();
  };
  return (
    <>
      <style>{hiddenPanels(order, tab)}</style>
      <div role="tablist" aria-orientation="horizontal" className={listClassName} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.value}
            type="button"
            role="tab"
            id={`aliases-tab-${t.value}`}
            aria-controls={`aliases-panel-${t.value}`}
            aria-selected={t.value === tab}
            data-state={t.value === tab ? "active" : "inactive"}
            tabIndex={t.value === tab ? 0 : -1}
            className={tabClassName}
            onClick={() => select(t.value)}
          >
            {t.label}
          </button>
        ))}
      </div>
    </>
  );
}

/**
 * The registry table, filtered by the server-rendered search box (#alias-search, read through its input events);
 * the rows are server-rendered nodes, in the same order as the server's first-paint table.
 */
export function RegistryTable({ head, rows }: { head: React.ReactNode; rows: { id: string; text: string; row: React.ReactNode }[] }) {
  const [query, setQuery] = React.useState("");
  React.useEffect(() => {
    const input = document.getElementById("alias-search") as HTMLInputElement | null;
    if (!input) return;
    const read = () => setQuery(input.value);
    read(); // anything typed before this loaded
    input.addEventListener("input", read);
    return () => input.removeEventListener("input", read);
  }, []);
  const needle = query.trim().toLowerCase();
  const shown = needle ? rows.filter((r) => r.text.includes(needle)) : rows;
  if (shown.length === 0) return <p className="text-sm text-muted-foreground">No alias matches &quot;{query}&quot;.</p>;
  return (
    <Table>
      {head}
      <TableBody>{shown.map((r) => r.row)}</TableBody>
    </Table>
  );
}

/** A trigger standing in for an alias dialog until its code is needed; then the dialog mounts open. */
export function DialogButton({
  className,
  label,
  content,
  ...dialog
}: AliasDialogProps & { className: string; label?: string; content: React.ReactNode }) {
  const { loaded, triggerProps } = useDeferredPopup(loadDialogs, "dialog");
  return loaded ? (
    <loaded.AliasDialog {...dialog} triggerClassName={className} triggerLabel={label}>
      {content}
    </loaded.AliasDialog>
  ) : (
    <button type="button" className={className} aria-label={label} data-slot="button" {...triggerProps}>
      {content}
    </button>
  );
}

/** Switches the page to another tab (e.g. the empty coverage view's "Import a registry file"). */
export function GoToTab({ tab, className, content }: { tab: AliasTab; className: string; content: React.ReactNode }) {
  return (
    <button type="button" className={className} data-slot="button" onClick={() => selectTab(tab)}>
      {content}
    </button>
  );
}

/** The coverage error's "Try again": recomputes the page on the server. */
export function Refresh({ className, content }: { className: string; content: React.ReactNode }) {
  const router = useRouter();
  return (
    <button type="button" className={className} data-slot="button" onClick={() => router.refresh()}>
      {content}
    </button>
  );
}

/** The import form (admins only); applying it shows the coverage. */
export function ImportSlot() {
  const [form, setForm] = React.useState<Awaited<ReturnType<typeof loadImport>> | null>(null);
  React.useEffect(() => {
    loadImport().then(
      (module) => setForm(() => module),
      () => {},
    );
  }, []);
  return form ? (
    <form.ImportForm onApplied={() => selectTab("coverage")} />
  ) : (
    <CardContent>
      <LoadingState label="Loading the import form" rows={3} />
    </CardContent>
  );
}
