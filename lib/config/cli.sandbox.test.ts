import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { verifyAuditChain } from "@/lib/audit/chain";
import { openDatabase, migrateDatabase, type Database } from "@/lib/db";
import { processFacts } from "@/lib/env";
import { startLiteLLMSandbox, type LiteLLMSandboxHandle } from "@/sandbox/litellm/server";
import { startUpstream } from "@/sandbox/upstream/server";

import { runConfigCli } from "./cli";

const MASTER = "sk-config-cli-master-0001";
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let sandbox: LiteLLMSandboxHandle;
let dir: string;

beforeAll(async () => {
  upstream = await startUpstream({ port: 0 });
  sandbox = await startLiteLLMSandbox({ port: 0, masterKey: MASTER, stateFile: null, reset: true, seed: "demo", upstreamUrl: upstream.url });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-cli-"));
});
afterAll(async () => {
  await sandbox?.close();
  await upstream?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

function env() {
  const port = new URL(upstream.url).port;
  return { NODE_ENV: "test", LITELLM_URL: sandbox.url, LITELLM_MASTER_KEY: MASTER, ALLOWED_API_BASE_HOSTS: `127.0.0.1:${port},localhost:${port}`, PATH: processFacts.path() ?? "" } as NodeJS.ProcessEnv;
}

/** The real bin, as a pipeline runs it. */
function gatehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.resolve("scripts/gatehouse.ts"), args, { env: env(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("npx gatehouse config", () => {
  it("export, then plan exits 0 (nothing to change), 2 (changes), 1 (errors, blocking findings); apply --yes then plan → 0", async () => {
    const file = path.join(dir, "config.yaml");
    const exported = await gatehouse("config", "export", "--format", "litellm-config", "--file", file);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain("GPT_4O_MINI_API_KEY");
    const text = await fs.readFile(file, "utf8");
    expect(text).not.toContain("sk-upstream-good");

    const same = await gatehouse("config", "plan", "--file", file);
    expect(same.stdout).toContain("0 to add, 0 to change, 0 to remove, 5 unchanged, 0 blocked");
    expect(same.stdout).toContain("skipped: Alias checks");
    expect(same.code).toBe(0);

    const edited = path.join(dir, "edited.yaml");
    await fs.writeFile(edited, text.replace("model: ollama_chat/llama3\n", "model: ollama_chat/llama3\n      rpm: 7\n"));
    const changes = await gatehouse("config", "plan", "--file", edited, "--output", "json");
    expect(changes.code).toBe(2);
    const report = JSON.parse(changes.stdout) as { plan: { summary: { change: number }; items: { name: string; changes: { field: string; after: unknown }[] }[] } };
    expect(report.plan.summary.change).toBe(1);
    expect(report.plan.items.find((i) => i.name === "llama3")!.changes).toEqual([{ field: "litellm_params.rpm", after: 7 }]);

    const bad = path.join(dir, "bad.yaml");
    await fs.writeFile(bad, "model_list:\n  - model_name: x\n    model_name: y\n");
    const broken = await gatehouse("config", "plan", "--file", bad);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/Duplicate key/);

    const ssrf = path.join(dir, "ssrf.yaml");
    await fs.writeFile(ssrf, "model_list:\n  - model_name: m\n    litellm_params: { model: openai/m, api_base: 'http://169.254.169.254/v1', api_key: os.environ/K }\n    model_info: { mode: chat }\n");
    const blocked = await gatehouse("config", "plan", "--file", ssrf);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain("✖ blocked: api_base refused");

    const refused = await gatehouse("config", "apply", "--file", edited);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--yes");
    const applied = await gatehouse("config", "apply", "--file", edited, "--yes");
    expect(applied.stdout).toContain("applied change  llama3");
    expect(applied.code).toBe(0);
    const after = await gatehouse("config", "plan", "--file", edited);
    expect(after.code).toBe(0);
  }, 300_000);

  it("bad input — anchor bomb, duplicate key, over 10 MB, non-UTF-8, unknown field, other kinds — is a clear error or note, and apply writes nothing", async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), readStdin: async () => new Uint8Array(), openDb: async () => null };
    const port = new URL(upstream.url).port;
    const cliEnv = { LITELLM_URL: sandbox.url, LITELLM_MASTER_KEY: MASTER, LITELLM_TIMEOUT_MS: 10_000, ALLOWED_API_BASE_HOSTS: [`127.0.0.1:${port}`], ALLOWED_API_BASE_CIDRS: [], DATABASE_URL: undefined, PGLITE_DIR: undefined, GATEHOUSE_CONFIG_FILE: undefined };
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const cases: [string, Uint8Array | string, RegExp][] = [
      ["bomb.yaml", bomb, /expands too many aliases/],
      ["dup.yaml", "model_list: []\nmodel_list: []\n", /Duplicate key/],
      ["big.yaml", new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20), /limit is 10 MB/],
      ["latin1.yaml", new Uint8Array([0x6d, 0x3a, 0x20, 0xe9, 0x0a]), /not UTF-8/],
      ["unknown.yaml", "model_list:\n  - model_name: x\n    litellm_params: { model: openai/x, api_key: os.environ/K }\n    modelInfo: {}\n", /model_list\[0\]\.modelInfo/],
    ];
    const writesBefore = sandbox.requests.filter((r) => r.method !== "GET").length;
    for (const [name, content, message] of cases) {
      const file = path.join(dir, name);
      await fs.writeFile(file, content);
      out.length = 0;
      expect(await runConfigCli(["plan", "--file", file], cliEnv, io), name).toBe(1);
      expect(out.join(""), name).toMatch(message);
      out.length = 0;
      expect(await runConfigCli(["apply", "--file", file, "--yes"], cliEnv, io), name).toBe(1);
      expect(out.join(""), name).toMatch(message);
    }
    // Other Kubernetes kinds are skipped with a note; the Model beside them is still planned.
    const operator = path.join(dir, "operator.yaml");
    await fs.writeFile(
      operator,
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: { name: stray }",
        "---",
        "apiVersion: litellm.litellm.ai/v1alpha1",
        "kind: Model",
        "metadata: { name: op-chat }",
        "spec:",
        "  modelName: op-chat",
        "  connectionRef: { instanceRef: { name: litellm, namespace: litellm } }",
        `  litellmParams: { model: openai/op-chat, apiBase: 'http://127.0.0.1:${port}/v1' }`,
        "  modelInfo: { mode: chat }",
      ].join("\n"),
    );
    out.length = 0;
    expect(await runConfigCli(["plan", "--file", operator], cliEnv, io)).toBe(2);
    expect(out.join("")).toMatch(/ConfigMap/);
    expect(out.join("")).toContain("1 to add");
    // Nothing above reached LiteLLM as a write.
    expect(sandbox.requests.filter((r) => r.method !== "GET").length).toBe(writesBefore);
  }, 180_000);

  it("names a missing environment variable and a bad flag", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(path.resolve("scripts/gatehouse.ts"), ["config", "plan", "--file", "x"], { env: { NODE_ENV: "test", PATH: processFacts.path() ?? "" } as NodeJS.ProcessEnv }, (e, _o, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stderr })),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("LITELLM_URL");
    const flag = await gatehouse("config", "plan", "--nope");
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("Unknown option --nope");
  }, 120_000);

  it("with the console database: alias checks run and apply is audited write-ahead (intent, completion with a row per item)", async () => {
    const db: Database = await openDatabase({ kind: "pglite", dir: "memory://" });
    await migrateDatabase(db);
    await db.prisma.consumerAlias.create({ data: { alias: "rag-embed", consumer: "rag", kind: "embedding", dimension: 1024, required: true, createdBy: "test" } });
    const port = new URL(upstream.url).port;
    const file = path.join(dir, "aliases.yaml");
    await fs.writeFile(
      file,
      [
        "model_list:",
        "  - model_name: rag-embed",
        `    litellm_params: { model: openai/text-embedding-3-small, api_base: 'http://127.0.0.1:${port}/v1', api_key: os.environ/K, output_vector_size: 1536 }`,
        "    model_info: { mode: embedding }",
        "  - model_name: cli-chat",
        `    litellm_params: { model: openai/cli-chat, api_base: 'http://127.0.0.1:${port}/v1', api_key: os.environ/K }`,
        "    model_info: { mode: chat }",
      ].join("\n"),
    );
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), readStdin: async () => new Uint8Array(), openDb: async () => db };
    const cliEnv = { LITELLM_URL: sandbox.url, LITELLM_MASTER_KEY: MASTER, LITELLM_TIMEOUT_MS: 10_000, ALLOWED_API_BASE_HOSTS: [`127.0.0.1:${port}`], ALLOWED_API_BASE_CIDRS: [], DATABASE_URL: undefined, PGLITE_DIR: undefined, GATEHOUSE_CONFIG_FILE: undefined };
    const db2 = { ...db, close: async () => undefined };
    io.openDb = async () => db2;
    expect(await runConfigCli(["plan", "--file", file], cliEnv, io)).toBe(1);
    expect(out.join("")).toMatch(/rag expects rag-embed to return 1024-dimensional vectors/);
    out.length = 0;
    expect(await runConfigCli(["apply", "--file", file, "--yes"], cliEnv, io)).toBe(0);
    // Write-ahead through the console's hash chain: the intent, then one completion with a row per item.
    const events = await db.prisma.auditEvent.findMany({ where: { action: "config.apply" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => `${e.phase}:${e.outcome}:${e.actorProvider}`)).toEqual(["intent:pending:cli", "completion:success:cli"]);
    expect(events[1]!.intentId).toBe(events[0]!.id);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    const details = events[1]!.details as { items: { name: string; outcome: string }[] };
    expect(details.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "cli-chat", outcome: "applied" }), expect.objectContaining({ name: "rag-embed", outcome: "skipped" })]),
    );
    // Through the audit service: actor cli:<user>, on the hash chain like the UI's apply.
    expect(events[0]!.actorProvider).toBe("cli");
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // A bundle — consumer aliases, a team key policy, group bindings — applied by the CLI through the same applyConfig.
    const bundleFile = path.join(dir, "bundle.yaml");
    await fs.writeFile(
      bundleFile,
      [
        "apiVersion: gatehouse/v1",
        "kind: Bundle",
        "consumerAliases:",
        "  - { alias: gpt-4o-mini, consumer: cli-bot, kind: chat, required: true }",
        "teamPolicies:",
        "  - { teamId: team-search, maxKeyBudgetUsd: 20, maxKeyDurationDays: 30, allowedModels: [gpt-4o-mini], maxActiveKeysPerMember: 2, membersCanIssue: true }",
        "groupBindings: { adminGroups: [cli-admins], viewerGroups: [], teamBindings: [{ group: cli-search, teamId: team-search, role: member }] }",
      ].join("\n"),
    );
    out.length = 0;
    expect(await runConfigCli(["plan", "--file", bundleFile], cliEnv, io)).toBe(2);
    out.length = 0;
    expect(await runConfigCli(["apply", "--file", bundleFile, "--yes", "--output", "json"], cliEnv, io)).toBe(0);
    const report = JSON.parse(out.find((t) => t.trimStart().startsWith("{"))!) as { result: { applied: number; failed: number; results: { key: string; outcome: string }[] } };
    expect(report.result.failed).toBe(0);
    expect(report.result.results.map((r) => r.key)).toEqual(expect.arrayContaining(["consumer_alias:cli-bot/gpt-4o-mini", "team_policy:team-search"]));
    expect(report.result.results.every((r) => r.outcome === "applied")).toBe(true);
    expect(await db.prisma.consumerAlias.findFirst({ where: { consumer: "cli-bot" } })).toMatchObject({ alias: "gpt-4o-mini", required: true });
    expect(await db.prisma.teamPolicy.findUnique({ where: { teamId: "team-search" } })).toMatchObject({ maxKeyBudgetUsd: 20, maxActiveKeysPerMember: 2 });
    expect((await db.prisma.groupBinding.findMany()).map((b) => b.group).sort()).toEqual(["cli-admins", "cli-search"]);
    const bundleEvents = await db.prisma.auditEvent.findMany({ where: { action: "config.apply", targetId: "bundle.yaml" } });
    expect(bundleEvents).toHaveLength(1);
    expect(bundleEvents[0]!).toMatchObject({ actorProvider: "cli", outcome: "success" });
    expect((bundleEvents[0]!.details as { format: string; items: unknown[] }).format).toBe("bundle");
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // Re-applying the same bundle changes nothing: the plan exits 0.
    out.length = 0;
    expect(await runConfigCli(["plan", "--file", bundleFile], cliEnv, io)).toBe(0);

    // Without the console database a bundle cannot be applied, and the CLI says why.
    out.length = 0;
    const noDb = { ...io, openDb: async () => null };
    expect(await runConfigCli(["apply", "--file", bundleFile, "--yes"], cliEnv, noDb)).toBe(1);
    expect(out.join("")).toContain("a bundle is applied to the console's database");
    await db.close();
  }, 240_000);
});
