"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import { FileUpIcon } from "lucide-react";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import type { ApplyItemResult } from "@/lib/config/engine";
import type { ConfigPlan, PlanItem } from "@/lib/config/plan";
import { MAX_CONFIG_BYTES } from "@/lib/config/limits";

const ACTION_LABEL: Record<PlanItem["action"], string> = { add: "add", change: "change", remove: "remove", unchanged: "unchanged", blocked: "blocked" };
const ACTION_VARIANT: Record<PlanItem["action"], "success" | "secondary" | "destructive" | "outline" | "warning"> = {
  add: "success",
  change: "warning",
  remove: "destructive",
  unchanged: "outline",
  blocked: "destructive",
};

const show = (v: unknown) => (v === undefined ? "(not set)" : typeof v === "string" ? v : JSON.stringify(v));

interface ApiError {
  message: string;
  fieldErrors?: Record<string, string[]>;
}

/** Upload or paste → plan → choose → apply, with progress and one result per item. */
export function PlanApply({ canApply }: { canApply: boolean }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [source, setSource] = useState("");
  const [prune, setPrune] = useState(false);
  const [plan, setPlan] = useState<ConfigPlan | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<"plan" | "apply" | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<ApplyItemResult[] | null>(null);

  const body = (): Blob | null => (file ? file : pasted.trim() ? new Blob([pasted], { type: "application/yaml" }) : null);
  const sourceName = () => source.trim() || file?.name || "pasted-config";

  const form = (extra: Record<string, unknown> = {}) => {
    const blob = body();
    if (!blob) return null;
    const data = new FormData();
    data.append("file", blob, file?.name ?? "pasted.yaml");
    data.append("options", JSON.stringify({ format: "auto", source: sourceName(), prune, ...extra }));
    return data;
  };

  async function runPlan() {
    setError(null);
    setResults(null);
    setProgress(null);
    const blob = body();
    if (!blob) {
      setError({ message: "Choose a file or paste YAML first.", fieldErrors: { file: ["Choose a file or paste YAML first."] } });
      return;
    }
    if (blob.size > MAX_CONFIG_BYTES) {
      setError({ message: `The file is ${(blob.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_CONFIG_BYTES / 1024 / 1024} MB. Nothing was sent.` });
      return;
    }
    setBusy("plan");
    try {
      const res = await fetch("/api/config/plan", { method: "POST", body: form()! });
      const json = (await res.json().catch(() => null)) as { plan?: ConfigPlan; error?: ApiError } | null;
      if (!res.ok || !json?.plan) {
        setPlan(null);
        setError(json?.error ?? { message: `The console answered HTTP ${res.status}. Nothing was changed.` });
        return;
      }
      setPlan(json.plan);
      const actionable = json.plan.items.filter((i) => i.action === "add" || i.action === "change" || i.action === "remove");
      setSelected(new Set(actionable.map((i) => i.key)));
      setConfirmed(new Set());
    } catch {
      setError({ message: "Could not reach the console. Check your connection and try again." });
    } finally {
      setBusy(null);
    }
  }

  async function runApply() {
    if (!plan) return;
    setBusy("apply");
    setResults(null);
    const chosen = [...selected];
    setProgress({ done: 0, total: chosen.length });
    try {
      const res = await fetch("/api/config/apply", { method: "POST", body: form({ selected: chosen, confirmed: [...confirmed] })! });
      if (!res.ok || !res.body) {
        const json = (await res.json().catch(() => null)) as { error?: ApiError } | null;
        setError(json?.error ?? { message: `The console answered HTTP ${res.status}. Nothing was applied.` });
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      const seen: ApplyItemResult[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line.trim()) continue;
          const msg = JSON.parse(line) as
            | { type: "progress"; done: number; total: number; item: ApplyItemResult }
            | { type: "done"; result: { results: ApplyItemResult[]; applied: number; failed: number } }
            | { type: "error"; error: ApiError };
          if (msg.type === "progress") {
            seen.push(msg.item);
            setProgress({ done: msg.done, total: msg.total });
            setResults([...seen]);
          } else if (msg.type === "done") {
            setResults(msg.result.results);
            if (msg.result.failed > 0) toast.error(`${msg.result.applied} applied, ${msg.result.failed} failed. Failed items were left unchanged.`);
            else toast.success(`${msg.result.applied} change${msg.result.applied === 1 ? "" : "s"} applied`);
          } else {
            setError(msg.error);
          }
        }
      }
    } catch {
      setError({ message: "The connection dropped while applying. Plan again to see what was applied." });
    } finally {
      setBusy(null);
    }
  }

  const toggle = (set: Set<string>, key: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(key);
    else next.delete(key);
    return next;
  };

  const visible = plan?.items.filter((i) => i.action !== "unchanged") ?? [];
  const applicable = plan?.items.filter((i) => (i.action === "add" || i.action === "change" || i.action === "remove") && selected.has(i.key) && (!i.needsConfirmation || confirmed.has(i.key))) ?? [];

  return (
    <div className="grid gap-6">
      <section aria-labelledby="upload-heading" className="grid gap-4 rounded-lg border p-4">
        <h2 id="upload-heading" className="text-lg font-semibold">
          Upload or paste
        </h2>
        <p className="text-sm text-muted-foreground">
          A LiteLLM <code>config.yaml</code>, operator resources (<code>Model</code>, <code>Team</code>) or a Gatehouse bundle. Nothing changes until you apply.
        </p>
        <div className="grid gap-2">
          <Label htmlFor="config-file">Config file</Label>
          <div className="flex flex-wrap items-center gap-2">
            <Input
              id="config-file"
              ref={fileInput}
              type="file"
              accept=".yaml,.yml,.json,text/yaml,application/yaml"
              className="max-w-sm"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPlan(null);
              }}
            />
            {file ? (
              <Button
                type="button"
                variant="ghost"
                size="sm"
                onClick={() => {
                  setFile(null);
                  if (fileInput.current) fileInput.current.value = "";
                }}
              >
                Clear file
              </Button>
            ) : null}
          </div>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="config-paste">Or paste YAML</Label>
          <Textarea id="config-paste" rows={8} className="font-mono text-xs" value={pasted} onChange={(e) => setPasted(e.target.value)} disabled={!!file} placeholder={"model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: azure/gpt-4o\n      …"} />
        </div>
        <div className="grid gap-2 sm:grid-cols-2">
          <div className="grid gap-2">
            <Label htmlFor="config-source">Source name</Label>
            <Input id="config-source" value={source} maxLength={100} onChange={(e) => setSource(e.target.value)} placeholder={file?.name ?? "pasted-config"} aria-describedby="config-source-help" />
            <p id="config-source-help" className="text-xs text-muted-foreground">
              Deployments added from this file carry this name; prune only removes deployments carrying it.
            </p>
          </div>
          <div className="flex items-start gap-2 pt-7">
            <Checkbox id="config-prune" checked={prune} onCheckedChange={(v) => setPrune(v === true)} />
            <Label htmlFor="config-prune" className="font-normal">
              Prune: also remove deployments this source manages that the file no longer lists
            </Label>
          </div>
        </div>
        {error ? (
          <Alert variant="destructive" role="alert">
            <p className="font-medium">{error.message}</p>
            {Object.entries(error.fieldErrors ?? {}).flatMap(([k, v]) => v.map((m) => <p key={`${k}${m}`} className="text-sm">{m}</p>))}
          </Alert>
        ) : null}
        <div>
          <Button type="button" onClick={runPlan} disabled={busy !== null}>
            <FileUpIcon aria-hidden />
            {busy === "plan" ? "Planning…" : "Plan"}
          </Button>
        </div>
      </section>

      {plan ? (
        <section aria-labelledby="plan-heading" className="grid gap-4 rounded-lg border p-4">
          <h2 id="plan-heading" className="text-lg font-semibold">
            Plan
          </h2>
          {plan.issues.length > 0 ? (
            <Alert variant="destructive" role="alert">
              <p className="font-medium">The file has {plan.issues.length === 1 ? "a problem" : `${plan.issues.length} problems`}; nothing is planned or applied.</p>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {plan.issues.map((i) => (
                  <li key={`${i.path}${i.message}`}>
                    {i.path ? <code>{i.path}</code> : null}
                    {i.path ? ": " : ""}
                    {i.message}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : (
            <p className="text-sm" data-testid="plan-summary">
              {plan.summary.add} to add, {plan.summary.change} to change, {plan.summary.remove} to remove, {plan.summary.unchanged} unchanged, {plan.summary.blocked} blocked
              {plan.summary.confirm ? `, ${plan.summary.confirm} need confirmation` : ""}.
              <span className="text-muted-foreground"> Read {plan.live.deployments} live deployments with {plan.live.calls} LiteLLM call{plan.live.calls === 1 ? "" : "s"} ({plan.live.pagedBy}).</span>
            </p>
          )}
          {[...plan.notes, ...plan.skipped.map((s) => `Skipped: ${s}`)].length > 0 ? (
            <ul className="grid gap-1 text-sm text-muted-foreground">
              {plan.notes.map((n) => (
                <li key={n}>Note: {n}</li>
              ))}
              {plan.skipped.map((n) => (
                <li key={n}>Skipped: {n}</li>
              ))}
            </ul>
          ) : null}
          {plan.notInFile > 0 ? <p className="text-sm">{plan.notInFile} deployment(s) managed by “{plan.source}” are no longer in the file; turn on prune to remove them.</p> : null}
          {plan.issues.length === 0 && visible.length === 0 ? <p className="text-sm font-medium">No changes: the live proxy matches the file.</p> : null}
          <ul className="grid gap-3" aria-label="Planned changes">
            {visible.map((item) => {
              const actionable = item.action === "add" || item.action === "change" || item.action === "remove";
              const result = results?.find((r) => r.key === item.key);
              return (
                <li key={item.key} className="grid gap-2 rounded-md border p-3" aria-label={`${item.action} ${item.name}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    {actionable && canApply ? (
                      <Checkbox
                        id={`sel-${item.key}`}
                        aria-label={`Apply ${item.action} ${item.name}`}
                        checked={selected.has(item.key)}
                        onCheckedChange={(v) => setSelected((s) => toggle(s, item.key, v === true))}
                        disabled={busy !== null}
                      />
                    ) : null}
                    <Badge variant={ACTION_VARIANT[item.action]}>{ACTION_LABEL[item.action]}</Badge>
                    <span className="font-medium">{item.name}</span>
                    {item.model ? <code className="text-xs text-muted-foreground">{item.model}</code> : null}
                    {item.origin ? <span className="text-xs text-muted-foreground">{item.origin}</span> : null}
                    {result ? (
                      <Badge variant={result.outcome === "applied" ? "success" : result.outcome === "failed" ? "destructive" : "outline"}>{result.outcome}</Badge>
                    ) : null}
                  </div>
                  {item.changes.length > 0 ? (
                    <ul className="grid gap-0.5 font-mono text-xs">
                      {item.changes.map((c) => (
                        <li key={c.field}>
                          {c.field}: {item.intended === "add" ? show(c.after) : `${show(c.before)} → ${show(c.after)}`}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {item.findings.map((f) => (
                    <div key={`${f.rule}${f.message}`} className="text-sm">
                      {f.severity === "confirm" && canApply && item.action !== "blocked" ? (
                        <div className="flex items-start gap-2">
                          <Checkbox id={`confirm-${item.key}`} checked={confirmed.has(item.key)} onCheckedChange={(v) => setConfirmed((s) => toggle(s, item.key, v === true))} />
                          <Label htmlFor={`confirm-${item.key}`} className="font-normal">
                            Confirm: {f.message}
                          </Label>
                        </div>
                      ) : (
                        <p className={f.severity === "block" ? "text-destructive" : "text-warning"}>
                          {f.severity === "block" ? "Blocked: " : "Warning: "}
                          {f.message}
                          {f.path ? <span className="text-muted-foreground"> ({f.path})</span> : null}
                        </p>
                      )}
                      {f.fix && f.severity === "block" ? <p className="text-muted-foreground">{f.fix}</p> : null}
                    </div>
                  ))}
                  {result?.message && result.outcome !== "applied" ? <p className="text-sm text-muted-foreground">{result.message}</p> : null}
                </li>
              );
            })}
          </ul>
          {canApply && plan.issues.length === 0 && visible.some((i) => i.action !== "blocked") ? (
            <div className="grid gap-3">
              <div>
                <Button type="button" onClick={runApply} disabled={busy !== null || applicable.length === 0}>
                  {busy === "apply" ? "Applying…" : `Apply ${applicable.length} change${applicable.length === 1 ? "" : "s"}`}
                </Button>
              </div>
              {progress ? (
                <div className="grid gap-1">
                  <Progress value={progress.total ? (progress.done / progress.total) * 100 : 100} aria-label="Apply progress" />
                  <p className="text-xs text-muted-foreground" aria-live="polite">
                    {progress.done} of {progress.total} applied{busy === "apply" ? "…" : ""}
                  </p>
                </div>
              ) : null}
            </div>
          ) : null}
          {!canApply ? <p className="text-sm text-muted-foreground">Only console admins can apply a plan.</p> : null}
          {results && busy === null ? (
            <p className="text-sm">
              Done. <Link href="/models" className="underline">Open the models list</Link> or{" "}
              <button type="button" className="underline" onClick={runPlan}>
                plan again
              </button>
              .
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
