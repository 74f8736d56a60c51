"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { FlaskConicalIcon, SendIcon, SquareIcon } from "lucide-react";

import { EmptyState } from "@/components/states/empty-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { runEmbeddingAction, searchPlaygroundModelsAction } from "@/lib/playground/actions";
import type { PLAYGROUND_LIMITS } from "@/lib/playground/schemas";
import type { ChatEvent, EmbeddingResult, PlaygroundModelChoices, PlaygroundModelOption } from "@/lib/playground/service";
import { buildPlaygroundSnippets } from "@/lib/playground/snippets";

interface RunState {
  status: "idle" | "streaming" | "done" | "error";
  text: string;
  answeredBy: string | null;
  ttftMs: number | null;
  totalMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cost: number | null;
  costSource: "litellm" | "prices" | null;
  error: string | null;
}

const IDLE: RunState = {
  status: "idle",
  text: "",
  answeredBy: null,
  ttftMs: null,
  totalMs: null,
  promptTokens: null,
  completionTokens: null,
  cost: null,
  costSource: null,
  error: null,
};

function formatCost(cost: number | null, source: RunState["costSource"]): string {
  if (cost === null) return "not reported";
  const amount = cost === 0 ? "0 USD" : cost < 0.0001 ? `${cost.toExponential(2)} USD` : `${cost.toFixed(6)} USD`;
  return source === "prices" ? `${amount} (from the model's prices)` : amount;
}

function ms(value: number | null): string {
  return value === null ? "—" : value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** Reads the NDJSON events of /api/playground/chat into `onEvent`; a non-2xx answer is one error. */
async function streamChat(
  body: Record<string, unknown>,
  signal: AbortSignal,
  onEvent: (event: ChatEvent) => void,
): Promise<{ fieldErrors?: Record<string, string[]> } | void> {
  const res = await fetch("/api/playground/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok || !res.body) {
    const payload = (await res.json().catch(() => null)) as { error?: { message?: string; fieldErrors?: Record<string, string[]> } } | null;
    onEvent({ type: "error", message: payload?.error?.message ?? `The console answered HTTP ${res.status}.`, partial: false });
    return { fieldErrors: payload?.error?.fieldErrors };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) onEvent(JSON.parse(line) as ChatEvent);
    }
  }
}

function reduce(state: RunState, event: ChatEvent): RunState {
  switch (event.type) {
    case "start":
      return { ...state, answeredBy: event.answeredBy };
    case "delta":
      return { ...state, text: state.text + event.text };
    case "done":
      return {
        ...state,
        status: "done",
        ttftMs: event.ttftMs,
        totalMs: event.totalMs,
        promptTokens: event.promptTokens,
        completionTokens: event.completionTokens,
        cost: event.cost,
        costSource: event.costSource,
      };
    case "error":
      return { ...state, status: "error", error: event.message };
  }
}

function ModelSelect({
  id,
  label,
  value,
  onChange,
  models,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  models: PlaygroundModelOption[];
}) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="h-9 w-full min-w-0 rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30"
      >
        {models.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name} ({m.mode}
            {m.supported ? "" : ", not supported here"})
          </option>
        ))}
      </select>
    </div>
  );
}

function ChatResult({ title, state }: { title: string; state: RunState }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="grid min-w-0 content-start gap-3 rounded-lg border p-4">
      <h2 id={headingId} className="truncate text-base font-semibold" title={title}>
        {title}
      </h2>
      <div
        aria-live="polite"
        aria-busy={state.status === "streaming"}
        data-testid="answer"
        className="min-h-24 text-sm break-words whitespace-pre-wrap"
      >
        {state.text ||
          (state.status === "streaming" ? (
            <span className="text-muted-foreground">Waiting for the first token…</span>
          ) : (
            <span className="text-muted-foreground">No answer yet.</span>
          ))}
      </div>
      {state.status === "error" ? (
        <Alert variant="destructive">
          <AlertTitle>{state.text ? "The answer stopped part-way" : "The call failed"}</AlertTitle>
          <AlertDescription>
            <p>{state.error}</p>
            {state.text ? <p>The part that arrived is kept above. The temporary key was deleted.</p> : null}
          </AlertDescription>
        </Alert>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Time to first token</dt>
        <dd>{ms(state.ttftMs)}</dd>
        <dt className="text-muted-foreground">Total</dt>
        <dd>{ms(state.totalMs)}</dd>
        <dt className="text-muted-foreground">Tokens</dt>
        <dd>
          {state.promptTokens === null && state.completionTokens === null
            ? "—"
            : `${state.promptTokens ?? "?"} in, ${state.completionTokens ?? "?"} out`}
        </dd>
        <dt className="text-muted-foreground">Cost</dt>
        <dd>{state.status === "done" ? formatCost(state.cost, state.costSource) : "—"}</dd>
        <dt className="text-muted-foreground">Answered by</dt>
        <dd className="font-mono text-xs break-all">{state.answeredBy ?? "—"}</dd>
      </dl>
    </section>
  );
}

function Snippets({ snippets }: { snippets: { curl: string; python: string } }) {
  return (
    <details className="rounded-lg border p-4">
      <summary className="cursor-pointer text-sm font-medium">Call it yourself (curl, Python)</summary>
      <p className="mt-2 text-xs text-muted-foreground">
        Set LITELLM_API_KEY to your own virtual key; the playground&apos;s temporary key is never shown.
      </p>
      {(["curl", "python"] as const).map((kind) => (
        <div key={kind} className="mt-3 grid gap-1">
          <div className="flex items-center justify-between">
            <span className="text-xs font-medium uppercase">{kind}</span>
            <Button type="button" size="sm" variant="ghost" onClick={() => void navigator.clipboard?.writeText(snippets[kind])}>
              Copy {kind}
            </Button>
          </div>
          <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs" tabIndex={0}>
            {snippets[kind]}
          </pre>
        </div>
      ))}
    </details>
  );
}

export interface PlaygroundViewProps {
  /** The first names (at most 50) and whether there are more; the rest come from the search action. */
  choices: PlaygroundModelChoices;
  initialModel: string | null;
  isAdmin: boolean;
  baseUrl: string;
  limits: typeof PLAYGROUND_LIMITS;
  keyBudget: number;
}

/** The picker's search: asks the server (debounced) and keeps every option it has seen, so a choice stays known. */
function useModelSearch(initial: PlaygroundModelChoices) {
  const [listed, setListed] = useState(initial);
  const [known, setKnown] = useState(() => new Map(initial.options.map((o) => [o.name, o])));
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<{ searching: boolean; error: string | null }>({ searching: false, error: null });
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      if (!query.trim()) {
        setListed(initial);
        setStatus({ searching: false, error: null });
        return;
      }
      setStatus({ searching: true, error: null });
      const res = await searchPlaygroundModelsAction({ q: query });
      if (ticket !== latest.current) return;
      if (!res.ok) {
        setStatus({ searching: false, error: res.error.message });
        return;
      }
      setListed(res.data);
      setKnown((prev) => new Map([...prev, ...res.data.options.map((o) => [o.name, o] as const)]));
      setStatus({ searching: false, error: null });
    }, 250);
    return () => clearTimeout(timer);
  }, [query, initial]);
  return { listed, known, query, setQuery, ...status };
}

export function PlaygroundView({ choices, initialModel, isAdmin, baseUrl, limits, keyBudget }: PlaygroundViewProps) {
  const id = useId();
  const picker = useModelSearch(choices);
  const initialModels = choices.options;
  const first = initialModels.find((m) => m.name === initialModel) ?? initialModels.find((m) => m.supported) ?? initialModels[0];
  const [modelA, setModelA] = useState(first?.name ?? "");
  const [modelB, setModelB] = useState(initialModels.find((m) => m.mode === "chat" && m.name !== first?.name)?.name ?? first?.name ?? "");
  const [compare, setCompare] = useState(false);
  const [teamId, setTeamId] = useState<string>("");
  const [system, setSystem] = useState("");
  const [prompt, setPrompt] = useState("");
  const [temperature, setTemperature] = useState("0.7");
  const [maxTokens, setMaxTokens] = useState("256");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [runA, setRunA] = useState<RunState>(IDLE);
  const [runB, setRunB] = useState<RunState>(IDLE);
  const [embedding, setEmbedding] = useState<EmbeddingResult | null>(null);
  const [embeddingError, setEmbeddingError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);

  const chosen = picker.known.get(modelA);
  // The search's matches, with the current choices kept on top so a select never loses its value.
  const withChosen = (list: PlaygroundModelOption[], keep: string[]) => {
    const extra = keep.filter((name) => name && !list.some((m) => m.name === name)).map((name) => picker.known.get(name)).filter((m) => m !== undefined);
    return [...extra, ...list];
  };
  const models = withChosen(picker.listed.options, [modelA]);
  const teams = chosen?.teams ?? [];
  const activeTeam = isAdmin ? null : (teams.find((t) => t.teamId === teamId) ?? teams[0] ?? null);
  const mode = chosen?.mode ?? "chat";
  const chatModels = withChosen(
    picker.listed.options.filter((m) => m.mode === "chat"),
    [modelB],
  );
  const snippets = useMemo(
    () =>
      buildPlaygroundSnippets({
        baseUrl,
        model: modelA,
        mode: mode === "embedding" ? "embedding" : "chat",
        system,
        prompt: prompt || "Hello",
        temperature: Number(temperature),
        maxTokens: Number(maxTokens),
      }),
    [baseUrl, modelA, mode, system, prompt, temperature, maxTokens],
  );

  if (initialModels.length === 0) {
    return (
      <EmptyState
        icon={<FlaskConicalIcon aria-hidden />}
        title="No models to try"
        description={
          isAdmin ? "LiteLLM has no models yet. Add one first." : "Your teams have no models in LiteLLM. Ask a team admin to add one."
        }
      />
    );
  }

  const validate = (text: string, max: number, field: string, empty: string) => {
    const next: Record<string, string | undefined> = {};
    if (!text.trim()) next[field] = empty;
    else if (text.length > max)
      next[field] = `At most ${max.toLocaleString("en")} characters (this is ${text.length.toLocaleString("en")}).`;
    const t = Number(temperature);
    if (mode === "chat" && (!Number.isFinite(t) || t < 0 || t > 2)) next.temperature = "From 0 to 2.";
    const mt = Number(maxTokens);
    if (mode === "chat" && (!Number.isInteger(mt) || mt < 1 || mt > limits.maxTokens))
      next.maxTokens = `A whole number from 1 to ${limits.maxTokens}.`;
    if (system.length > limits.systemChars) next.system = `At most ${limits.systemChars.toLocaleString("en")} characters.`;
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      const firstBad = Object.keys(next)[0];
      document.getElementById(`${id}-${firstBad}`)?.focus();
      return false;
    }
    return true;
  };

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    if (mode === "embedding") {
      if (!validate(prompt, limits.embeddingChars, "prompt", "Write some text to embed.")) return;
      setPending(true);
      setEmbeddingError(null);
      const res = await runEmbeddingAction({ model: modelA, teamId: activeTeam?.teamId ?? null, input: prompt });
      setPending(false);
      if (res.ok) setEmbedding(res.data);
      else {
        setEmbedding(null);
        setEmbeddingError(res.error.message);
        if (res.error.fieldErrors?.input) setErrors({ prompt: res.error.fieldErrors.input[0] });
      }
      return;
    }
    if (!validate(prompt, limits.promptChars, "prompt", "Write a prompt.")) return;
    const controller = new AbortController();
    abortRef.current = controller;
    setPending(true);
    const targets: [string, React.Dispatch<React.SetStateAction<RunState>>][] = [[modelA, setRunA]];
    if (compare) targets.push([modelB, setRunB]);
    await Promise.all(
      targets.map(async ([model, setRun]) => {
        setRun({ ...IDLE, status: "streaming" });
        try {
          const outcome = await streamChat(
            {
              model,
              teamId: isAdmin
                ? null
                : (models.find((m) => m.name === model)?.teams.find((t) => t.teamId === activeTeam?.teamId)?.teamId ?? null),
              system,
              prompt,
              temperature: Number(temperature),
              maxTokens: Number(maxTokens),
            },
            controller.signal,
            (ev) => setRun((s) => reduce(s, ev)),
          );
          const fe = outcome?.fieldErrors;
          if (fe)
            setErrors({ prompt: fe.prompt?.[0], system: fe.system?.[0], temperature: fe.temperature?.[0], maxTokens: fe.maxTokens?.[0] });
        } catch (error) {
          setRun((s) => ({
            ...s,
            status: "error",
            error: controller.signal.aborted ? "Stopped." : `The console's answer broke off: ${(error as Error).message}`,
          }));
        }
        setRun((s) => (s.status === "streaming" ? { ...s, status: "error", error: "The answer ended without a final event." } : s));
      }),
    );
    setPending(false);
    abortRef.current = null;
  };

  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="text-sm text-destructive">
        {errors[name]}
      </p>
    ) : null;
  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${id}-${name}-hint` : null, errors[name] ? `${id}-${name}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <div className="grid gap-6">
      <form onSubmit={send} noValidate className="grid gap-4 rounded-lg border p-4">
        <div className="grid gap-2">
          <Label htmlFor={`${id}-find`}>Find a model</Label>
          <Input
            id={`${id}-find`}
            type="search"
            value={picker.query}
            onChange={(e) => picker.setQuery(e.target.value)}
            placeholder="part of a model name"
            aria-describedby={`${id}-find-note`}
            maxLength={200}
          />
          <p id={`${id}-find-note`} className="text-xs text-muted-foreground" data-testid="picker-note" aria-live="polite">
            {picker.error
              ? `The search failed: ${picker.error}`
              : picker.searching
                ? "Searching…"
                : picker.query.trim() && picker.listed.options.length === 0
                  ? `No model you may try matches “${picker.query.trim()}”.`
                  : picker.listed.more
                    ? `Showing the first ${picker.listed.options.length} names${picker.query.trim() ? ` matching “${picker.query.trim()}”` : ""}; type to find the others.`
                    : `${picker.listed.options.length} ${picker.listed.options.length === 1 ? "model" : "models"}${picker.query.trim() ? ` matching “${picker.query.trim()}”` : ""}.`}
          </p>
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <ModelSelect
            id={`${id}-model`}
            label={compare ? "First model" : "Model"}
            value={modelA}
            onChange={(v) => {
              setModelA(v);
              setEmbedding(null);
              setEmbeddingError(null);
              setRunA(IDLE);
            }}
            models={models}
          />
          {compare && mode === "chat" ? (
            <ModelSelect id={`${id}-model-b`} label="Second model" value={modelB} onChange={setModelB} models={chatModels} />
          ) : null}
        </div>
        {mode === "chat" ? (
          <div className="flex items-center gap-2">
            <input
              type="checkbox"
              id={`${id}-compare`}
              checked={compare}
              onChange={(e) => setCompare(e.target.checked)}
              className="size-4 accent-primary"
            />
            <Label htmlFor={`${id}-compare`} className="font-normal">
              Compare with a second model (same prompt, side by side)
            </Label>
          </div>
        ) : null}
        {!isAdmin && activeTeam ? (
          <Alert>
            <AlertTitle>Counts against team {activeTeam.name}&apos;s budget</AlertTitle>
            <AlertDescription>
              <p>
                Your calls use a temporary key of team {activeTeam.name} (at most {keyBudget.toFixed(2)} USD, deleted afterwards); what they
                cost is added to the team&apos;s spend.
              </p>
              {teams.length > 1 ? (
                <label className="flex items-center gap-2 text-foreground">
                  Team
                  <select
                    className="h-8 rounded-md border bg-background px-2 text-sm"
                    value={activeTeam.teamId}
                    onChange={(e) => setTeamId(e.target.value)}
                  >
                    {teams.map((t) => (
                      <option key={t.teamId} value={t.teamId}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
            </AlertDescription>
          </Alert>
        ) : null}
        {chosen && !chosen.supported ? (
          <Alert variant="warning">
            <AlertTitle>Not supported by this model</AlertTitle>
            <AlertDescription>
              {chosen.name} is a {chosen.mode} model. The playground tries chat and embedding models; pick another model.
            </AlertDescription>
          </Alert>
        ) : (
          <>
            {mode === "chat" ? (
              <div className="grid gap-2">
                <Label htmlFor={`${id}-system`}>System prompt (optional)</Label>
                <Textarea
                  id={`${id}-system`}
                  value={system}
                  onChange={(e) => setSystem(e.target.value)}
                  rows={2}
                  aria-invalid={errors.system ? true : undefined}
                  aria-describedby={describedBy("system")}
                />
                {fieldError("system")}
              </div>
            ) : null}
            <div className="grid gap-2">
              <Label htmlFor={`${id}-prompt`}>{mode === "embedding" ? "Text to embed" : "Prompt"}</Label>
              <Textarea
                ref={promptRef}
                id={`${id}-prompt`}
                value={prompt}
                onChange={(e) => setPrompt(e.target.value)}
                rows={4}
                aria-invalid={errors.prompt ? true : undefined}
                aria-describedby={describedBy("prompt", true)}
              />
              <p id={`${id}-prompt-hint`} className="text-xs text-muted-foreground">
                At most {(mode === "embedding" ? limits.embeddingChars : limits.promptChars).toLocaleString("en")} characters;{" "}
                {limits.callsPerMinute} calls a minute. Never stored or audited.
              </p>
              {fieldError("prompt")}
            </div>
            {mode === "chat" ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <div className="grid gap-2">
                  <Label htmlFor={`${id}-temperature`}>Temperature</Label>
                  <Input
                    id={`${id}-temperature`}
                    inputMode="decimal"
                    value={temperature}
                    onChange={(e) => setTemperature(e.target.value)}
                    aria-invalid={errors.temperature ? true : undefined}
                    aria-describedby={describedBy("temperature")}
                  />
                  {fieldError("temperature")}
                </div>
                <div className="grid gap-2">
                  <Label htmlFor={`${id}-maxTokens`}>Max tokens</Label>
                  <Input
                    id={`${id}-maxTokens`}
                    inputMode="numeric"
                    value={maxTokens}
                    onChange={(e) => setMaxTokens(e.target.value)}
                    aria-invalid={errors.maxTokens ? true : undefined}
                    aria-describedby={describedBy("maxTokens")}
                  />
                  {fieldError("maxTokens")}
                </div>
              </div>
            ) : null}
            <div className="flex gap-2">
              <Button type="submit" disabled={pending}>
                <SendIcon aria-hidden /> {mode === "embedding" ? (pending ? "Embedding…" : "Embed") : pending ? "Answering…" : "Send"}
              </Button>
              {pending && mode === "chat" ? (
                <Button type="button" variant="outline" onClick={() => abortRef.current?.abort()}>
                  <SquareIcon aria-hidden /> Stop
                </Button>
              ) : null}
            </div>
          </>
        )}
      </form>

      {mode === "chat" && chosen?.supported ? (
        <div className={compare ? "grid gap-4 lg:grid-cols-2" : "grid gap-4"}>
          <ChatResult title={modelA} state={runA} />
          {compare ? <ChatResult title={modelB} state={runB} /> : null}
        </div>
      ) : null}

      {mode === "embedding" ? (
        <section aria-label="Embedding result" aria-live="polite" className="grid gap-3">
          {embeddingError ? (
            <Alert variant="destructive">
              <AlertTitle>The call failed</AlertTitle>
              <AlertDescription>{embeddingError}</AlertDescription>
            </Alert>
          ) : null}
          {embedding ? (
            <div className="grid gap-3 rounded-lg border p-4">
              <Alert variant={embedding.verdict === "mismatch" ? "destructive" : "default"}>
                <AlertTitle className="line-clamp-none">
                  {embedding.verdict === "mismatch"
                    ? "Dimension mismatch"
                    : embedding.verdict === "matches"
                      ? "Dimension matches"
                      : "Vector length measured"}
                </AlertTitle>
                <AlertDescription>{embedding.message}</AlertDescription>
              </Alert>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-muted-foreground">Vector length</dt>
                <dd data-testid="vector-length">{embedding.length ?? "unknown (base64)"}</dd>
                <dt className="text-muted-foreground">Declared dimension</dt>
                <dd>{embedding.declaredDimension ?? "none declared"}</dd>
                <dt className="text-muted-foreground">First values</dt>
                <dd className="font-mono text-xs break-all">{embedding.head.map((v) => v.toFixed(4)).join(", ") || "—"}</dd>
                <dt className="text-muted-foreground">Latency</dt>
                <dd>{ms(embedding.latencyMs)}</dd>
                <dt className="text-muted-foreground">Tokens</dt>
                <dd>{embedding.promptTokens ?? "not reported"}</dd>
                <dt className="text-muted-foreground">Cost</dt>
                <dd>{formatCost(embedding.cost, embedding.costSource)}</dd>
                <dt className="text-muted-foreground">Answered by</dt>
                <dd className="font-mono text-xs break-all">{embedding.answeredBy ?? "—"}</dd>
              </dl>
              {embedding.consumers.length ? (
                <table className="w-full text-sm" aria-label="Consumer aliases expecting this model">
                  <thead>
                    <tr className="text-left text-muted-foreground">
                      <th className="py-1 font-medium">Consumer</th>
                      <th className="py-1 font-medium">Expects</th>
                      <th className="py-1 font-medium">Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {embedding.consumers.map((c) => (
                      <tr key={c.consumer} className="border-t">
                        <td className="py-1">{c.consumer}</td>
                        <td className="py-1">{c.dimension ?? "any"}</td>
                        <td className="py-1">{c.matches === null ? "—" : c.matches ? "Matches" : "Mismatch"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="text-sm text-muted-foreground">No consumer alias is registered for {embedding.model}.</p>
              )}
            </div>
          ) : null}
        </section>
      ) : null}

      {chosen?.supported ? <Snippets snippets={snippets} /> : null}
    </div>
  );
}
