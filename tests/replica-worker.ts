/**
 * One "console replica" for the multi-replica tests: the console's own services, configured from the environment
 * exactly as the server is (LiteLLM client, PostgreSQL, migrations at start), each write going through the same
 * write-ahead audit path as a server action (runAudited around the service verb). Modes (argv):
 *   race  <alias> <count>           COUNT concurrent issues of one alias; prints {"won","conflicts","errors"}
 *   mixed <prefix> <count> <token>  COUNT mixed writes at concurrency 10 (issue, duplicate issue, block, unblock of
 *                                   TOKEN); prints {"done","errors"}
 *   hang  <alias>                   one issue whose completion never comes: after LiteLLM's answer arrives it prints
 *                                   "generated <token>" and waits to be killed
 *   playground-hang <model>         one playground chat (the route's write-ahead path) cut off after /key/generate:
 *                                   prints "intent <request id>", then "generated <token>", and waits to be killed
 *   block <token>                   one audited block; prints {"done","errors"} (the parent may take the database away)
 * Each waits for a line on stdin ("go") after printing "ready", so the parent can release replicas together.
 * Run with: node --conditions=react-server --import tsx tests/replica-worker.ts <mode> …
 */
import { beginAudited, runAudited } from "@/lib/audit/service";
import { getDb } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { createLiteLLMClient } from "@/lib/litellm";
import { issueKey, setKeyBlocked, type KeyServiceDeps } from "@/lib/keys/service";
import type { IssueKeyInput } from "@/lib/keys/schemas";
import { chatRequestSchema } from "@/lib/playground/schemas";
import { streamChat } from "@/lib/playground/service";

const [mode = "race", name = "replica-race", countArg = "10", token = ""] = process.argv.slice(2);
const count = Number(countArg);
const admin = { id: "local:admin", provider: "local" as const, username: "admin", name: "Admin", role: "admin" as const, teams: [] };
const ctx = { user: admin, request: { ip: "127.0.0.1", userAgent: "replica-worker" } };

/** The action path minus the session: write-ahead audit around the service verb. */
function audited<T>(action: string, input: unknown, fn: () => Promise<T>): Promise<T> {
  return runAudited({ action, actor: admin, request: ctx.request, input }, fn);
}

function issueInput(alias: string): IssueKeyInput {
  return { ownerKind: "team", teamId: "team-platform", alias, expiryMode: "7d" } as IssueKeyInput;
}

async function race() {
  const results = await Promise.allSettled(
    Array.from({ length: count }, () => audited("key.issue", issueInput(name), () => issueKey({ ctx, input: issueInput(name) }))),
  );
  const won = results.filter((r) => r.status === "fulfilled").length;
  const conflicts = results.filter((r) => r.status === "rejected" && r.reason instanceof ConflictError).length;
  const errors = results.flatMap((r) => (r.status === "rejected" && !(r.reason instanceof ConflictError) ? [String((r.reason as Error).message)] : []));
  return { won, conflicts, errors };
}

async function mixed() {
  let next = 0;
  let done = 0;
  const errors: string[] = [];
  const one = async (i: number) => {
    const kind = i % 4;
    try {
      if (kind === 0) await audited("key.issue", issueInput(`${name}-${i}`), () => issueKey({ ctx, input: issueInput(`${name}-${i}`) }));
      else if (kind === 1) await audited("key.issue", issueInput(`${name}-dup`), () => issueKey({ ctx, input: issueInput(`${name}-dup`) }));
      else await audited(kind === 2 ? "key.block" : "key.unblock", { token }, () => setKeyBlocked({ ctx, input: { token }, blocked: kind === 2 }));
    } catch (error) {
      if (!(error instanceof ConflictError)) errors.push(String((error as Error).message));
    }
    done++;
  };
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return { done, errors };
}

async function hang() {
  const env = getEnv();
  // LiteLLM answers; the process "dies" before the completion row is written (the parent SIGKILLs it here).
  const litellm = createLiteLLMClient({ baseUrl: env.LITELLM_URL, masterKey: env.LITELLM_MASTER_KEY, fetch: fetchThenHangAfterGenerate(), retries: 0 });
  const deps: Partial<KeyServiceDeps> = { litellm };
  await audited("key.issue", issueInput(name), () => issueKey({ ctx, input: issueInput(name), deps }));
  return { unexpected: "completed" };
}

/** A fetch that lets LiteLLM answer /key/generate, prints the token and never returns: the process "dies" there. */
function fetchThenHangAfterGenerate(): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith("/key/generate")) {
      const body = (await response.clone().json()) as { token?: string };
      process.stdout.write(`generated ${body.token}\n`);
      await new Promise(() => {});
    }
    return response;
  };
}

async function playgroundHang() {
  const env = getEnv();
  const litellm = createLiteLLMClient({ baseUrl: env.LITELLM_URL, masterKey: env.LITELLM_MASTER_KEY, fetch: fetchThenHangAfterGenerate(), retries: 0 });
  const input = chatRequestSchema.parse({ model: name, prompt: "hello" });
  // The chat route's path: the intent, then the call inside it (lib/audit/route.ts → AuditedWrite.run).
  const write = await beginAudited({ action: "playground.chat", actor: admin, request: ctx.request, input });
  process.stdout.write(`intent ${write.requestId}\n`);
  const resolved = { name, mode: "chat", deployments: 1, declaredDimension: null, inputCostPerToken: null, outputCostPerToken: null, team: null };
  await write.run(async () => {
    for await (const event of streamChat({ ctx, input, resolved, deps: { litellm, now: Date.now } })) void event;
  });
  return { unexpected: "completed" };
}

async function block() {
  try {
    await audited("key.block", { token: name }, () => setKeyBlocked({ ctx, input: { token: name }, blocked: true }));
    return { done: 1, errors: [] };
  } catch (error) {
    return { done: 0, errors: [String((error as Error).message)] };
  }
}

async function main() {
  await getDb(); // migrations, under the advisory lock, like a starting replica
  process.stdout.write("ready\n");
  // Start together: the parent releases every replica at the same instant.
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const result =
    mode === "mixed" ? await mixed() : mode === "hang" ? await hang() : mode === "playground-hang" ? await playgroundHang() : mode === "block" ? await block() : await race();
  console.log(JSON.stringify(result));
  const db = await getDb().catch(() => null);
  await db?.close().catch(() => {});
  process.exit(0);
}

main().catch((error) => {
  console.log(JSON.stringify({ won: 0, conflicts: 0, errors: [String(error?.message ?? error)] }));
  process.exit(1);
});
