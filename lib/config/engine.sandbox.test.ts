import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLiteLLMClient, type LiteLLMClient } from "@/lib/litellm";
import { checkApiBase } from "@/lib/net/ssrf";
import { startLiteLLMSandbox, type LiteLLMSandboxHandle } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

import { applyPlan, exportLive, planText } from "./engine";
import { indexFor } from "./live";
import { planExitCode } from "./plan";

const MASTER = "sk-config-tests-master-0001";

interface Proxy {
  sandbox: LiteLLMSandboxHandle;
  client: LiteLLMClient;
}

let upstream: Awaited<ReturnType<typeof startUpstream>>;
const started: Proxy[] = [];

async function proxy(seed: "demo" | "none", version = "1.96.0"): Promise<Proxy> {
  const sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, reset: true, seed, version, upstreamUrl: upstream.url });
  const p = { sandbox, client: createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER, timeoutMs: 10_000, retries: 0 }) };
  started.push(p);
  return p;
}

function deps(p: Proxy) {
  const port = new URL(upstream.url).port;
  return {
    litellm: p.client,
    consumers: [],
    checkApiBase: (raw: string) => checkApiBase(raw, { allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`], allowedCidrs: [], blockedOrigins: [p.sandbox.url] }),
  };
}

beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
});
afterAll(async () => {
  for (const p of started) await p.sandbox.close();
  await upstream?.close();
});

async function roundTrip(version: string) {
  const demo = await proxy("demo", version);
  const empty = await proxy("none", version);
  const first = (await exportLive({ format: "litellm-config", includeCredentials: false }, demo.client)).files[0]!.text;
  // The operator creates the named credential the file references (a plan never invents one).
  await empty.client.credentials.create({ credential_name: "upstream-openai", credential_values: { api_key: "sk-upstream-good", api_base: `${upstream.url}/v1` }, credential_info: { custom_llm_provider: "openai" } });

  const planned = await planText({ text: first, source: "round-trip" }, deps(empty));
  expect(planned.plan.issues).toEqual([]);
  expect(planned.plan.items.filter((i) => i.action === "blocked")).toEqual([]);
  expect(planned.plan.summary).toMatchObject({ add: 4, change: 0, remove: 0, blocked: 0 });
  expect(planExitCode(planned.plan)).toBe(2);
  const applied = await applyPlan(planned, empty.client, { confirmed: "all" });
  expect(applied.results.filter((r) => r.outcome !== "applied")).toEqual([]);

  const second = (await exportLive({ format: "litellm-config" }, empty.client)).files[0]!.text;
  expect(second).toBe(first);
  const again = await planText({ text: first, source: "round-trip" }, deps(empty));
  expect(again.plan.summary).toMatchObject({ add: 0, change: 0, remove: 0, unchanged: 4 });
  expect(planExitCode(again.plan)).toBe(0);

  const op1 = (await exportLive({ format: "operator" }, demo.client)).files[0]!.text;
  const op2 = (await exportLive({ format: "operator" }, empty.client)).files[0]!.text;
  expect(op2).toBe(op1);
  return { first, demo, empty };
}

describe("config as code against the sandbox", () => {
  it("round trip: export the demo state, import into an empty proxy, export again: the same YAML (1.96.0)", async () => {
    const { first } = await roundTrip("1.96.0");
    expect(first).toContain("model_name: gpt-4o-mini");
    expect(first).not.toContain("sk-upstream-good");
  });

  it("round trip under the 1.80.0 personality (one /model/info listing, no paging)", async () => {
    await roundTrip("1.80.0");
  });

  it("plans changes field by field, applies them, and reads the deployments through the warm index only", async () => {
    const p = await proxy("demo");
    const warmup = p.sandbox.requests.length;
    const base = (await exportLive({ format: "litellm-config" }, p.client)).files[0]!.text;
    // The export warmed the index for this client: paged /v2/model/info reads, never the whole /model/info.
    const warmCalls = p.sandbox.requests.slice(warmup).map((r) => `${r.method} ${r.path}`);
    expect(warmCalls.filter((c) => c.startsWith("GET /model/info"))).toEqual([]);
    expect(warmCalls.filter((c) => c.startsWith("GET /v2/model/info")).length).toBe(1);
    const changed = base.replace("model: ollama_chat/llama3\n", "model: ollama_chat/llama3\n      rpm: 42\n");
    expect(changed).not.toBe(base);
    const before = p.sandbox.requests.length;
    const planned = await planText({ text: changed, source: "t" }, deps(p));
    const calls = p.sandbox.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(calls.filter((c) => c.startsWith("GET /model/info"))).toEqual([]);
    // The plan itself reads no deployment from LiteLLM: the warm index answers.
    expect(calls.filter((c) => c.startsWith("GET /v2/model/info"))).toEqual([]);
    // One call: the credentials list (the file names a credential); none for deployments.
    expect(planned.plan.live).toMatchObject({ calls: 1, deployments: 4 });
    expect(calls.filter((c) => !c.startsWith("GET /credentials"))).toEqual([]);
    expect(planned.plan.live.pagedBy).toMatch(/^deployment index, as of/);
    const item = planned.plan.items.find((i) => i.name === "llama3")!;
    expect(item).toMatchObject({ action: "change", changes: [{ field: "litellm_params.rpm", after: 42 }] });
    expect(planned.plan.items.find((i) => i.name === "gpt-4o")).toMatchObject({ action: "unchanged" });

    const res = await applyPlan(planned, p.client);
    expect(res.applied).toBe(1);
    // The apply's own write is in the index at once: the next plan sees it without waiting for a refresh.
    expect(indexFor(p.client).peek()!.get(item.deploymentId!)!.params.rpm).toBe(42);
    const after = await planText({ text: changed, source: "t" }, deps(p));
    expect(planExitCode(after.plan)).toBe(0);
  });

  it("applies a changed limit on 1.80.0 too (POST /model/update keeps model_info)", async () => {
    const p = await proxy("demo", "1.80.0");
    const base = (await exportLive({ format: "litellm-config" }, p.client)).files[0]!.text;
    const changed = base.replace("model: ollama_chat/llama3\n", "model: ollama_chat/llama3\n      rpm: 42\n");
    const planned = await planText({ text: changed, source: "t" }, deps(p));
    expect(planned.plan.summary.change).toBe(1);
    const res = await applyPlan(planned, p.client);
    expect(res.results.filter((r) => r.outcome === "failed")).toEqual([]);
    expect(planExitCode((await planText({ text: changed, source: "t" }, deps(p))).plan)).toBe(0);
  });

  it("refuses a config-file deployment change, a missing credential and an SSRF api_base; the rest still applies", async () => {
    const p = await proxy("demo");
    const text = [
      "model_list:",
      "  - model_name: gpt-4o",
      "    litellm_params: { model: openai/gpt-4o, api_base: http://127.0.0.1:1/v1, api_key: os.environ/K }",
      "    model_info: { id: 9b0c7a3e-1f6d-4c1a-9e51-0000000000c1, mode: chat }",
      "  - model_name: needs-cred",
      "    litellm_params: { model: openai/x, litellm_credential_name: nope }",
      "    model_info: { mode: chat }",
      "  - model_name: metadata",
      "    litellm_params: { model: openai/x, api_base: 'http://169.254.169.254/v1', api_key: os.environ/K }",
      "    model_info: { mode: chat }",
      "  - model_name: fine",
      `    litellm_params: { model: openai/fine, api_base: '${upstream.url}/v1', api_key: os.environ/FINE_KEY }`,
      "    model_info: { mode: chat }",
    ].join("\n");
    const planned = await planText({ text, source: "t2" }, deps(p));
    const by = (n: string) => planned.plan.items.find((i) => i.name === n)!;
    expect(by("gpt-4o").findings.map((f) => f.rule)).toContain("config_read_only");
    expect(by("needs-cred").findings.map((f) => f.rule)).toContain("credential_missing");
    expect(by("metadata")).toMatchObject({ action: "blocked", findings: [expect.objectContaining({ rule: "ssrf", path: "model_list[2].litellm_params.api_base" })] });
    expect(by("fine").action).toBe("add");
    expect(planExitCode(planned.plan)).toBe(1);
    const res = await applyPlan(planned, p.client);
    expect(res.results.find((r) => r.name === "fine")!.outcome).toBe("applied");
    expect(res.results.filter((r) => r.outcome === "applied")).toHaveLength(1);
    const calls = p.sandbox.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.filter((c) => c === "POST /model/new")).toHaveLength(1);
  });

  it("operator Team resources: added, changed field by field, then unchanged", async () => {
    const p = await proxy("demo");
    const team = (models: string, budget: string) =>
      ["apiVersion: auth.litellm.ai/v1alpha1", "kind: Team", "metadata: { name: gitops }", "spec:", "  teamAlias: gitops-team", "  teamID: team-gitops", `  models: [${models}]`, `  maxBudget: "${budget}"`].join("\n");
    const first = await planText({ text: team("gpt-4o-mini", "10"), source: "ops" }, deps(p));
    expect(first.plan.items).toEqual([expect.objectContaining({ kind: "team", action: "add", name: "gitops-team" })]);
    expect((await applyPlan(first, p.client)).applied).toBe(1);
    const second = await planText({ text: team("gpt-4o-mini, llama3", "10"), source: "ops" }, deps(p));
    expect(second.plan.items[0]).toMatchObject({ action: "change", changes: [{ field: "models", before: ["gpt-4o-mini"], after: ["gpt-4o-mini", "llama3"] }] });
    expect((await applyPlan(second, p.client)).applied).toBe(1);
    const third = await planText({ text: team("gpt-4o-mini, llama3", "10"), source: "ops" }, deps(p));
    expect(planExitCode(third.plan)).toBe(0);
  });

  it("prune removes only deployments this source manages", async () => {
    const p = await proxy("demo");
    const two = ["model_list:", ...["a", "b"].flatMap((n) => [`  - model_name: ${n}`, `    litellm_params: { model: openai/${n}, api_base: '${upstream.url}/v1', api_key: os.environ/K }`, "    model_info: { mode: chat }"])].join("\n");
    await applyPlan(await planText({ text: two, source: "git" }, deps(p)), p.client);
    const one = two.split("\n").slice(0, 4).join("\n");
    const kept = await planText({ text: one, source: "git" }, deps(p));
    expect(kept.plan.notInFile).toBe(1);
    expect(kept.plan.summary.remove).toBe(0);
    const pruned = await planText({ text: one, source: "git", prune: true }, deps(p));
    expect(pruned.plan.items.filter((i) => i.action === "remove").map((i) => i.name)).toEqual(["b"]);
    const other = await planText({ text: one, source: "another-repo", prune: true }, deps(p));
    expect(other.plan.summary.remove).toBe(0);
  });
});
