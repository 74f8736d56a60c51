"use client";

import { useRouter } from "next/navigation";

import { TestConnectPanel } from "@/components/models/test-connect-panel";
import type { TestConnectResult } from "@/lib/models/test-connect";
import type { ActionResult } from "@/lib/safe-action";

/**
 * Test Connect for a saved deployment: the wizard's panel (run, cancel, plain-words result, curl without secrets)
 * driving POST /models/{id}/test-connect, which runs testExistingModel with this deployment's stored settings.
 * Loaded on first press by ModelTestConnectTrigger (model-detail-actions.tsx), which then starts the run.
 */
export function ModelTestConnect({ modelId, timeoutSeconds, autoStart }: { modelId: string; timeoutSeconds: number; autoStart?: boolean }) {
  const router = useRouter();
  async function run(signal: AbortSignal): Promise<ActionResult<TestConnectResult>> {
    const res = await fetch(`/models/${encodeURIComponent(modelId)}/test-connect`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
      signal,
    });
    return (await res.json()) as ActionResult<TestConnectResult>;
  }
  // The server recorded the result: re-render the page so its Health badge shows it (with the time).
  return <TestConnectPanel run={run} timeoutSeconds={timeoutSeconds} label="Test connection" autoStart={autoStart} onResult={() => router.refresh()} />;
}
