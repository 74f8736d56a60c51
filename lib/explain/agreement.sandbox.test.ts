import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "@/lib/auth/types";
import { createLiteLLMClient, type LiteLLMClient } from "@/lib/litellm";
import { startLiteLLMSandbox } from "@/sandbox/litellm/server";
import { apiClient, type Api } from "@/sandbox/litellm/testing";
import { startUpstream } from "@/sandbox/upstream/server";

import type { CheckId } from "./checks";
import { explainKeyAccess } from "./service";

/**
 * One test drives both: for each scenario the key makes a real call through the sandbox's data plane (which enforces
 * LiteLLM's checks) and the explainer reads the same state; the first check the explainer fails must be the one the
 * data plane refused with — and a call the data plane lets through must be "allowed".
 */
const MASTER = "sk-sandbox-master-explain-0001";
const ADMIN: SessionUser = { id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] };

type Sandbox = Awaited<ReturnType<typeof startLiteLLMSandbox>>;
type Upstream = Awaited<ReturnType<typeof startUpstream>>;

/** What the data plane's refusal says, as the explainer's check ids (model access is one message for key and team). */
function refusedBy(status: number, message: string): CheckId[] | null {
  if (status === 200) return null;
  if (/Invalid proxy server token/.test(message)) return ["key-exists"];
  if (/Key is blocked/.test(message)) return ["key-blocked"];
  if (/Expired Key/.test(message)) return ["key-expired"];
  if (/Team=\S+ is blocked/.test(message)) return ["team-blocked"];
  if (/Budget has been exceeded! Team=/.test(message)) return ["team-budget"];
  if (/Budget has been exceeded! User=/.test(message)) return ["user-budget"];
  if (/Budget has been exceeded!/.test(message)) return ["key-budget"];
  if (/not allowed to access model/.test(message)) return ["key-models", "team-models"];
  if (/Invalid model name/.test(message)) return ["model-exists"];
  throw new Error(`unmapped data-plane answer ${status}: ${message}`);
}

let upstream: Upstream;
let sandbox: Sandbox;
let admin: Api;
let client: LiteLLMClient;

beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
  sandbox = await startLiteLLMSandbox({
    port: 0,
    masterKey: MASTER,
    stateFile: null,
    reset: true,
    seed: "demo",
    upstreamUrl: upstream.url,
  });
  admin = apiClient(sandbox.url, MASTER);
  client = createLiteLLMClient({ baseUrl: sandbox.url, masterKey: MASTER, timeoutMs: 10_000 });
  const teams = [
    { team_id: "t-open", team_alias: "open", models: [] },
    { team_id: "t-chat", team_alias: "chat-only", models: ["gpt-4o-mini"] },
    { team_id: "t-broke", team_alias: "broke", models: [], max_budget: 0 },
    { team_id: "t-blocked", team_alias: "blocked", models: [], blocked: true },
  ];
  for (const team of teams) expect((await admin("POST", "/team/new", team)).status).toBe(200);
  expect((await admin("POST", "/user/new", { user_id: "u-broke", max_budget: 0, auto_create_key: false })).status).toBe(200);
});

afterAll(async () => {
  await sandbox?.close();
  await upstream?.close();
});

async function issue(body: Record<string, unknown>): Promise<{ key: string; token: string }> {
  const res = await admin("POST", "/key/generate", body);
  expect(res.status, res.text).toBe(200);
  return { key: res.json.key, token: res.json.token ?? res.json.token_id };
}

async function dataPlane(key: string, model: string) {
  const embedding = model.startsWith("text-embedding");
  const res = await apiClient(sandbox.url, key)(
    "POST",
    embedding ? "/v1/embeddings" : "/v1/chat/completions",
    embedding ? { model, input: "hello" } : { model, messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
  );
  return refusedBy(res.status, res.json?.error?.message ?? res.text);
}

const scenarios: { name: string; key: Record<string, unknown>; model: string; after?: () => Promise<void>; expected: CheckId | null }[] = [
  { name: "a healthy team key", key: { team_id: "t-open" }, model: "gpt-4o-mini", expected: null },
  { name: "a blocked key", key: { team_id: "t-open", blocked: true }, model: "gpt-4o-mini", expected: "key-blocked" },
  { name: "a key over its budget", key: { team_id: "t-open", max_budget: 0 }, model: "gpt-4o-mini", expected: "key-budget" },
  { name: "a key of a blocked team", key: { team_id: "t-blocked" }, model: "gpt-4o-mini", expected: "team-blocked" },
  { name: "a key of a team over budget", key: { team_id: "t-broke" }, model: "gpt-4o-mini", expected: "team-budget" },
  { name: "a key of a user over budget", key: { user_id: "u-broke" }, model: "gpt-4o-mini", expected: "user-budget" },
  {
    name: "a key without the model",
    key: { team_id: "t-open", models: ["text-embedding-3-small"] },
    model: "gpt-4o-mini",
    expected: "key-models",
  },
  { name: "a key whose team lacks the model", key: { team_id: "t-chat" }, model: "text-embedding-3-small", expected: "key-models" },
  {
    name: "a key listing a model its team lacks",
    key: { team_id: "t-chat", models: ["text-embedding-3-small"] },
    model: "text-embedding-3-small",
    expected: "team-models",
  },
  { name: "a key through an access group", key: { team_id: "t-open", models: ["demo-chat"] }, model: "gpt-4o-mini", expected: null },
  { name: "a model that does not exist", key: { team_id: "t-open" }, model: "no-such-model", expected: "model-exists" },
  { name: "an expired key", key: { team_id: "t-open", duration: "1s" }, model: "gpt-4o-mini", expected: "key-expired" },
];

describe("the explainer agrees with the data plane", () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const { key, token } = await issue(scenario.key);
      if (scenario.key.duration) await new Promise((r) => setTimeout(r, 1_200));
      const refused = await dataPlane(key, scenario.model);
      const explained = await explainKeyAccess({
        user: ADMIN,
        input: { by: "hash", value: token, model: scenario.model },
        deps: { litellm: client },
      });
      expect(explained.kind).toBe("explained");
      if (explained.kind !== "explained") return;
      expect(explained.deniedBy).toBe(scenario.expected);
      if (scenario.expected === null) expect(refused).toBeNull();
      else expect(refused).toContain(explained.deniedBy);
    });
  }

  it("a key LiteLLM does not know", async () => {
    const fake = "sk-not-a-real-key-000000000000";
    const refused = await dataPlane(fake, "gpt-4o-mini");
    const { createHash } = await import("node:crypto");
    const token = createHash("sha256").update(fake).digest("hex");
    const explained = await explainKeyAccess({
      user: ADMIN,
      input: { by: "hash", value: token, model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    expect(explained.kind === "explained" && explained.deniedBy).toBe("key-exists");
    expect(refused).toEqual(["key-exists"]);
  });

  it("finds a key by alias and by its last four characters, and scopes members to their own keys", async () => {
    const { key, token } = await issue({ team_id: "t-open", key_alias: "explain-by-alias", user_id: "openshift:carol" });
    const byAlias = await explainKeyAccess({
      user: ADMIN,
      input: { by: "alias", value: "explain-by-alias", model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    expect(byAlias.kind === "explained" && byAlias.key?.token).toBe(token);
    const byLastFour = await explainKeyAccess({
      user: ADMIN,
      input: { by: "last4", value: key.slice(-4), model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    const tokens = byLastFour.kind === "explained" ? [byLastFour.key?.token] : byLastFour.candidates.map((c) => c.token);
    expect(tokens).toContain(token);

    const carol: SessionUser = {
      id: "openshift:carol",
      provider: "openshift",
      username: "carol",
      name: "Carol",
      role: "user",
      teams: [{ teamId: "t-open", role: "member" }],
    };
    const dave: SessionUser = { ...carol, id: "openshift:dave", username: "dave", name: "Dave" };
    const own = await explainKeyAccess({
      user: carol,
      input: { by: "hash", value: token, model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    expect(own.kind === "explained" && own.key?.token).toBe(token);
    const other = await explainKeyAccess({
      user: dave,
      input: { by: "hash", value: token, model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    expect(other.kind === "explained" && other.key).toBeNull();
    expect(other.kind === "explained" && other.deniedBy).toBe("key-exists");
  });

  it("fix links only within the viewer's rights", async () => {
    const { token } = await issue({ team_id: "t-open", blocked: true, user_id: "openshift:erin" });
    const erin: SessionUser = {
      id: "openshift:erin",
      provider: "openshift",
      username: "erin",
      name: "Erin",
      role: "user",
      teams: [{ teamId: "t-open", role: "member" }],
    };
    const asOwner = await explainKeyAccess({
      user: erin,
      input: { by: "hash", value: token, model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    const viewer: SessionUser = { ...ADMIN, id: "local:viewer", role: "viewer" };
    const asViewer = await explainKeyAccess({
      user: viewer,
      input: { by: "hash", value: token, model: "gpt-4o-mini" },
      deps: { litellm: client },
    });
    const link = (r: typeof asOwner) => (r.kind === "explained" ? r.checks.find((c) => c.id === "key-blocked")!.fixHref : undefined);
    expect(link(asOwner)).toBe(`/keys/${token}`);
    expect(link(asViewer)).toBeNull();
  });
});
