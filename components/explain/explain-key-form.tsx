"use client";

import { useId, useRef, useState, useTransition } from "react";
import Link from "next/link";
import { CheckCircle2Icon, CircleMinusIcon, InfoIcon, XCircleIcon } from "lucide-react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { explainKeyAccessAction } from "@/lib/explain/actions";
import type { CheckStatus } from "@/lib/explain/checks";
import type { ExplainResult } from "@/lib/explain/service";

type Mode = "alias" | "last4" | "paste" | "hash";

const MODE_LABELS: Record<Mode, { label: string; field: string; hint: string }> = {
  alias: { label: "Alias", field: "Key alias", hint: "The alias the key was issued with, exactly." },
  last4: { label: "Last four characters", field: "Last four characters", hint: "The end of the key (sk-...abcd → abcd)." },
  paste: {
    label: "Paste the key",
    field: "Virtual key",
    hint: "It is hashed in your browser; only the hash is sent. The key is never stored or logged.",
  },
  hash: { label: "Key id", field: "Key id (token hash)", hint: "The 64-character token hash, as in the key's page address." },
};

const STATUS_ICON: Record<CheckStatus, React.ReactNode> = {
  passed: <CheckCircle2Icon aria-hidden className="size-4 text-success" />,
  failed: <XCircleIcon aria-hidden className="size-4 text-destructive" />,
  "not-checked": <CircleMinusIcon aria-hidden className="size-4 text-muted-foreground" />,
  info: <InfoIcon aria-hidden className="size-4 text-muted-foreground" />,
};
const STATUS_WORD: Record<CheckStatus, string> = { passed: "Passed", failed: "Failed", "not-checked": "Not checked", info: "Read only" };

/** LiteLLM's token for a raw key: sha256 hex, computed here so the key itself never leaves the browser. */
async function hashKey(raw: string): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error("Hashing a pasted key needs a secure (HTTPS) connection to the console.");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(raw));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function ExplainKeyForm({ initialToken, initialModel }: { initialToken: string | null; initialModel: string }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>(initialToken ? "hash" : "alias");
  const [value, setValue] = useState(initialToken ?? "");
  const [model, setModel] = useState(initialModel);
  const [errors, setErrors] = useState<{ value?: string; model?: string; form?: string }>({});
  const [result, setResult] = useState<ExplainResult | null>(null);
  const [pending, startTransition] = useTransition();
  const valueRef = useRef<HTMLInputElement>(null);
  const modelRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const run = (by: Exclude<Mode, "paste">, keyValue: string) =>
    startTransition(async () => {
      const res = await explainKeyAccessAction({ by, value: keyValue, model });
      if (!res.ok) {
        const fe = res.error.fieldErrors ?? {};
        const next = { value: fe.value?.[0], model: fe.model?.[0], form: fe.value || fe.model ? undefined : res.error.message };
        setErrors(next);
        (next.value ? valueRef : next.model ? modelRef : valueRef).current?.focus();
        return;
      }
      setErrors({});
      setResult(res.data);
      requestAnimationFrame(() => resultRef.current?.focus());
    });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) {
      setErrors({ value: "Say which key." });
      valueRef.current?.focus();
      return;
    }
    if (!model.trim()) {
      setErrors({ model: "Choose a model." });
      modelRef.current?.focus();
      return;
    }
    if (mode !== "paste") return run(mode, trimmed);
    if (!/^sk-\S{8,}$/.test(trimmed)) {
      setErrors({ value: "A virtual key starts with sk- and has no spaces." });
      valueRef.current?.focus();
      return;
    }
    try {
      run("hash", await hashKey(trimmed));
    } catch (error) {
      setErrors({ value: (error as Error).message });
    }
  };

  const meta = MODE_LABELS[mode];
  const modes: Mode[] = initialToken ? ["hash", "alias", "last4", "paste"] : ["alias", "last4", "paste"];

  return (
    <div className="grid gap-6">
      <form onSubmit={submit} noValidate autoComplete="off" className="grid max-w-2xl gap-4 rounded-lg border p-4">
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">Find the key by</legend>
          <div className="flex flex-wrap gap-4">
            {modes.map((m) => (
              <label key={m} htmlFor={`${id}-${m}`} className="flex min-h-6 items-center gap-2 text-sm">
                <input
                  type="radio"
                  id={`${id}-${m}`}
                  name={`${id}-by`}
                  value={m}
                  checked={mode === m}
                  onChange={() => {
                    setMode(m);
                    setValue(m === "hash" ? (initialToken ?? "") : "");
                    setErrors({});
                  }}
                  className="size-4 accent-primary"
                />
                {MODE_LABELS[m].label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-2">
          <Label htmlFor={`${id}-value`}>{meta.field}</Label>
          <Input
            ref={valueRef}
            id={`${id}-value`}
            type={mode === "paste" ? "password" : "text"}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            maxLength={mode === "last4" ? 4 : 256}
            spellCheck={false}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={`${id}-value-hint${errors.value ? ` ${id}-value-error` : ""}`}
          />
          <p id={`${id}-value-hint`} className="text-xs text-muted-foreground">
            {meta.hint}
          </p>
          {errors.value ? (
            <p id={`${id}-value-error`} className="text-sm text-destructive">
              {errors.value}
            </p>
          ) : null}
        </div>
        <div className="grid gap-2">
          <Label htmlFor={`${id}-model`}>Model</Label>
          <Input
            ref={modelRef}
            id={`${id}-model`}
            value={model}
            onChange={(e) => setModel(e.target.value)}
            maxLength={256}
            placeholder="gpt-4o-mini"
            spellCheck={false}
            aria-invalid={errors.model ? true : undefined}
            aria-describedby={`${id}-model-hint${errors.model ? ` ${id}-model-error` : ""}`}
          />
          <p id={`${id}-model-hint`} className="text-xs text-muted-foreground">
            The public model name the consumer sends in <code>model</code>.
          </p>
          {errors.model ? (
            <p id={`${id}-model-error`} className="text-sm text-destructive">
              {errors.model}
            </p>
          ) : null}
        </div>
        {errors.form ? (
          <Alert variant="destructive">
            <AlertTitle>Could not explain</AlertTitle>
            <AlertDescription>{errors.form}</AlertDescription>
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Checking…" : "Explain"}
          </Button>
        </div>
      </form>

      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="outline-none">
        {result?.kind === "choose" ? (
          <section aria-labelledby={`${id}-choose`} className="grid gap-3">
            <h2 id={`${id}-choose`} className="text-lg font-semibold">
              {result.candidates.length} keys end in those characters
            </h2>
            {result.note ? <p className="text-sm text-muted-foreground">{result.note}</p> : null}
            <ul className="grid gap-2">
              {result.candidates.map((c) => (
                <li key={c.token}>
                  <Button
                    variant="outline"
                    onClick={() => {
                      setMode("hash");
                      setValue(c.token);
                      run("hash", c.token);
                    }}
                  >
                    Explain {c.alias ?? c.keyName ?? c.token.slice(0, 12)}
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ) : result?.kind === "explained" ? (
          <section aria-labelledby={`${id}-verdict`} className="grid gap-4">
            <Alert variant={result.deniedBy ? "destructive" : "default"}>
              {result.deniedBy ? <XCircleIcon aria-hidden /> : <CheckCircle2Icon aria-hidden />}
              <AlertTitle id={`${id}-verdict`} className="line-clamp-none">
                {result.verdict}
              </AlertTitle>
              <AlertDescription>
                {result.key ? (
                  <p>
                    Key <strong>{result.key.alias ?? result.key.keyName ?? result.key.token.slice(0, 12)}</strong> calling{" "}
                    <strong>{result.model}</strong>.{" "}
                    <Link className="underline underline-offset-2" href={`/keys/${result.key.token}`}>
                      Open the key
                    </Link>
                  </p>
                ) : (
                  <p>No key you can see matches. Check the value, or ask the key&apos;s owner or team admin.</p>
                )}
              </AlertDescription>
            </Alert>
            <ol className="grid gap-2" aria-label="LiteLLM's checks, in order">
              {result.checks.map((check, index) => (
                <li key={check.id} className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md border p-3" data-status={check.status}>
                  <span className="pt-0.5">{STATUS_ICON[check.status]}</span>
                  <div className="grid min-w-0 gap-1">
                    <p className="text-sm font-medium">
                      {index + 1}. {check.label} —{" "}
                      <span className={check.status === "failed" ? "text-destructive" : "text-muted-foreground"}>
                        {STATUS_WORD[check.status]}
                      </span>
                    </p>
                    <p className="text-sm break-words text-muted-foreground">{check.detail}</p>
                    {check.status === "failed" && check.litellmSays ? (
                      <p className="text-xs break-words text-muted-foreground">
                        LiteLLM answers: <code>{check.litellmSays}</code>
                      </p>
                    ) : null}
                    {check.status === "failed" && check.fix ? (
                      <p className="text-sm">
                        Fix: {check.fix}{" "}
                        {check.fixHref ? (
                          <Link className="font-medium underline underline-offset-2" href={check.fixHref}>
                            Go to the fix<span className="sr-only"> for “{check.label}”</span>
                          </Link>
                        ) : (
                          <span className="text-muted-foreground">(ask an admin: it is outside your rights)</span>
                        )}
                      </p>
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
            <p className="text-xs text-muted-foreground">{result.note}</p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
