"use client";

import * as React from "react";
import { CheckCircle2Icon, CircleSlashIcon, CopyIcon, PlugZapIcon, XCircleIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { TestConnectResult } from "@/lib/models/test-connect";
import type { ActionError, ActionResult } from "@/lib/safe-action";

type PanelState =
  | { kind: "idle" }
  | { kind: "running"; startedAt: number }
  | { kind: "done"; result: TestConnectResult }
  | { kind: "refused"; error: ActionError };

export interface TestConnectPanelProps {
  /** Runs the test; abort the signal to cancel. */
  run: (signal: AbortSignal) => Promise<ActionResult<TestConnectResult>>;
  /** LiteLLM's own Test Connect timeout, shown to the operator. */
  timeoutSeconds: number;
  /** A refusal with field errors (SSRF, os.environ/ values, schema): the caller shows them on the fields. */
  onRefused?: (error: ActionError) => void;
  /** Called with each finished result (e.g. to remember that the draft was tested). */
  onResult?: (result: TestConnectResult) => void;
  label?: string;
  /** Start a run on mount: the operator already pressed the (lighter) button this panel replaced. */
  autoStart?: boolean;
}

/** Test Connect: run, cancel, and the result in plain words with a copyable curl (no secrets). */
export function TestConnectPanel({ run, timeoutSeconds, onRefused, onResult, label = "Run Test Connect", autoStart = false }: TestConnectPanelProps) {
  const [state, setState] = React.useState<PanelState>({ kind: "idle" });
  const [elapsed, setElapsed] = React.useState(0);
  const controller = React.useRef<AbortController | null>(null);

  React.useEffect(() => {
    if (state.kind !== "running") return;
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - state.startedAt) / 1000)), 500);
    return () => clearInterval(timer);
  }, [state]);

  React.useEffect(() => () => controller.current?.abort(), []);

  // Once per mount, never again on re-render.
  const autoStarted = React.useRef(false);
  React.useEffect(() => {
    if (!autoStart || autoStarted.current) return;
    autoStarted.current = true;
    void start();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function start() {
    const abort = new AbortController();
    controller.current = abort;
    setElapsed(0);
    setState({ kind: "running", startedAt: Date.now() });
    try {
      const res = await run(abort.signal);
      if (abort.signal.aborted) return;
      if (res.ok) {
        setState({ kind: "done", result: res.data });
        onResult?.(res.data);
      } else {
        setState({ kind: "refused", error: res.error });
        if (res.error.fieldErrors) onRefused?.(res.error);
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      setState({ kind: "refused", error: { code: "internal", message: (error as Error).message || "Test Connect failed." } });
    }
  }

  function cancel() {
    controller.current?.abort();
    setState({ kind: "done", result: cancelledResult() });
  }

  const running = state.kind === "running";
  return (
    <div className="grid gap-4" data-testid="test-connect-panel">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={start} disabled={running}>
          <PlugZapIcon aria-hidden />
          {running ? "Testing…" : state.kind === "idle" ? label : "Test again"}
        </Button>
        {running ? (
          <Button type="button" variant="outline" onClick={cancel}>
            Cancel test
          </Button>
        ) : null}
        <span className="text-sm text-muted-foreground">LiteLLM gives up after {timeoutSeconds} s.</span>
      </div>
      <div role="status" aria-live="polite" data-testid="test-connect-status">
        {running ? <p className="text-sm">Asking LiteLLM to call the provider… {elapsed} s</p> : null}
        {state.kind === "refused" ? <Refused error={state.error} /> : null}
        {state.kind === "done" ? <ResultView result={state.result} /> : null}
      </div>
    </div>
  );
}

function cancelledResult(): TestConnectResult {
  return { status: "cancelled", mode: "", host: "", latencyMs: 0, curl: "", notes: [] };
}

function Refused({ error }: { error: ActionError }) {
  const fields = error.fieldErrors ? Object.values(error.fieldErrors).flat() : [];
  return (
    <Alert variant="destructive">
      <CircleSlashIcon aria-hidden />
      <AlertTitle>Test Connect refused</AlertTitle>
      <AlertDescription>
        <p>{error.message}</p>
        {fields.length > 0 ? <p>Nothing was sent. The reason is shown on the field it concerns.</p> : null}
        {error.errorId ? <p>Error id {error.errorId}</p> : null}
      </AlertDescription>
    </Alert>
  );
}

function ResultView({ result }: { result: TestConnectResult }) {
  if (result.status === "cancelled") {
    return <p className="text-sm text-muted-foreground">Test cancelled. Nothing was saved.</p>;
  }
  return (
    <div className="grid gap-3">
      {result.status === "success" ? (
        <Alert>
          <CheckCircle2Icon aria-hidden className="text-success" />
          <AlertTitle>Connected in {result.latencyMs} ms</AlertTitle>
          <AlertDescription>
            <p>
              The provider at <code>{result.host}</code> answered a test {result.mode} request through LiteLLM.
            </p>
            {result.rateLimit ? (
              <p>
                Provider rate limit remaining: {result.rateLimit.remainingRequests ?? "?"} requests, {result.rateLimit.remainingTokens ?? "?"} tokens.
              </p>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : (
        <Alert variant="destructive">
          <XCircleIcon aria-hidden />
          <AlertTitle>{result.explanation?.title ?? "The connection failed."}</AlertTitle>
          <AlertDescription>
            <p>{result.explanation?.fix}</p>
            <p className="text-xs">
              Tested as <Badge variant="outline">{result.mode}</Badge> against <code>{result.host}</code> in {result.latencyMs} ms.
            </p>
          </AlertDescription>
        </Alert>
      )}
      {result.error ? (
        <details className="rounded-md border p-3 text-sm">
          <summary className="cursor-pointer font-medium">Provider&apos;s message (secrets removed)</summary>
          <pre className="mt-2 whitespace-pre-wrap break-words text-xs" data-testid="test-connect-error">
            {result.error}
          </pre>
        </details>
      ) : null}
      {result.notes.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-muted-foreground">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {result.curl ? <CurlBlock curl={result.curl} /> : null}
    </div>
  );
}

function CurlBlock({ curl }: { curl: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(curl);
      toast.success("curl command copied");
    } catch {
      toast.error("Could not copy; select the text instead.");
    }
  }
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Reproduce with curl (no secrets included)</h3>
        <Button type="button" size="sm" variant="outline" onClick={copy}>
          <CopyIcon aria-hidden />
          Copy curl
        </Button>
      </div>
      <pre className="max-h-72 overflow-auto rounded-md bg-muted p-3 text-xs" data-testid="test-connect-curl" tabIndex={0} aria-label="curl command">
        {curl}
      </pre>
    </div>
  );
}
