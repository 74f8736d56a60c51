import "server-only";

import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { toConsumerAlias } from "@/lib/aliases/context";
import { runAudited } from "@/lib/audit/service";
import { type Database } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/types";
import { databaseTarget, type CliEnv } from "@/lib/env";
import { createLiteLLMClient } from "@/lib/litellm";
import { checkApiBase, ssrfPolicyFromEnv } from "@/lib/net/ssrf";

import { bindingFromRow, planBundle, policySpecFromRow } from "./bundle";
import { applyPlan, exportLive, planText, type ApplyResult } from "./engine";
import { exportBundle, parseConfigText } from "./formats";
import { planExitCode, summarise, type ConfigPlan, type PlanItem } from "./plan";
import { decodeConfigBytes, YamlInputError } from "./safe-yaml";
import { CONFIG_FORMATS, FORMAT_LABELS, type ConfigFormat } from "./spec";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  /** Injected by tests; default opens DATABASE_URL / PGLITE_DIR. */
  openDb?: (env: CliEnv) => Promise<Database | null>;
}

export const CONFIG_USAGE = `Usage: gatehouse config <export|plan|apply> [options]

  export   Write the live proxy's deployments (litellm-config, operator) or the console's bundle.
  plan     Compare a file with the live proxy; exits 0 nothing to change, 2 changes, 1 errors or blocking findings.
  apply    Plan, then apply the changes (needs --yes); with DATABASE_URL / PGLITE_DIR the console's own apply,
           audited (bundles need the database).

Options:
  --format litellm-config|operator|bundle   (plan/apply: detected when left out; export: litellm-config)
  --file PATH        the file to plan/apply ("-" = stdin), or where export writes (default: stdout)
  --source NAME      names what manages the deployments; --prune only removes those (default: the file name)
  --prune            also remove deployments this source manages that the file no longer lists
  --output text|json plan/apply report format (default text)
  --yes              apply without asking (also accepts the plan's confirmations)
  --ids a,b --q TEXT export only these deployment ids / aliases matching TEXT
  --instance NAME --namespace NS   operator export: the LiteLLMInstance the Models connect to

Environment: LITELLM_URL, LITELLM_MASTER_KEY; DATABASE_URL or PGLITE_DIR for the consumer-alias checks and bundles;
ALLOWED_API_BASE_HOSTS / ALLOWED_API_BASE_CIDRS for the SSRF guard.`;

interface Flags {
  format?: string;
  file?: string;
  source?: string;
  prune: boolean;
  output: "text" | "json";
  yes: boolean;
  ids?: string[];
  q?: string;
  instance?: string;
  namespace?: string;
}

class UsageError extends Error {}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { prune: false, output: "text", yes: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--format":
        flags.format = value();
        if (!(CONFIG_FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format must be one of ${CONFIG_FORMATS.join(", ")}`);
        break;
      case "--file":
        flags.file = value();
        break;
      case "--source":
        flags.source = value();
        break;
      case "--prune":
        flags.prune = true;
        break;
      case "--yes":
      case "-y":
        flags.yes = true;
        break;
      case "--output": {
        const v = value();
        if (v !== "text" && v !== "json") throw new UsageError("--output must be text or json");
        flags.output = v;
        break;
      }
      case "--ids":
        flags.ids = value().split(",").map((s) => s.trim()).filter(Boolean);
        break;
      case "--q":
        flags.q = value();
        break;
      case "--instance":
        flags.instance = value();
        break;
      case "--namespace":
        flags.namespace = value();
        break;
      default:
        throw new UsageError(`Unknown option ${arg}`);
    }
  }
  return flags;
}

async function defaultOpenDb(env: CliEnv): Promise<Database | null> {
  if (!env.DATABASE_URL && !env.PGLITE_DIR) return null;
  const { openDatabase } = await import("@/lib/db");
  return openDatabase(databaseTarget(env));
}

const fmt = (v: unknown) => (v === undefined ? "(not set)" : typeof v === "string" ? v : JSON.stringify(v));
const SYMBOL: Record<PlanItem["action"], string> = { add: "+", change: "~", remove: "-", unchanged: "=", blocked: "!" };

export function formatPlanText(plan: ConfigPlan, file: string): string {
  const lines: string[] = [`Plan for ${file} (${FORMAT_LABELS[plan.format]}), source "${plan.source}"${plan.prune ? ", prune" : ""}`];
  for (const issue of plan.issues) lines.push(`  error ${issue.path || "(file)"}: ${issue.message}`);
  for (const item of plan.items) {
    if (item.action === "unchanged") continue;
    lines.push(`  ${SYMBOL[item.action]} ${item.action.padEnd(7)} ${item.name}${item.model ? `  ${item.model}` : ""}${item.origin ? `  (${item.origin})` : ""}`);
    for (const c of item.changes) lines.push(`      ${c.field}: ${item.intended === "add" ? fmt(c.after) : `${fmt(c.before)} → ${fmt(c.after)}`}`);
    for (const f of item.findings) lines.push(`      ${f.severity === "block" ? "✖ blocked" : f.severity === "confirm" ? "? confirm" : "⚠ warning"}: ${f.message}${f.path ? ` [${f.path}]` : ""}`);
  }
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  for (const skipped of plan.skipped) lines.push(`  skipped: ${skipped}`);
  if (plan.notInFile > 0) lines.push(`  ${plan.notInFile} deployment(s) managed by "${plan.source}" are no longer in the file; --prune removes them.`);
  const s = plan.summary;
  lines.push(
    plan.issues.length > 0
      ? `The file has ${plan.issues.length} error(s); nothing is planned.`
      : `${s.add} to add, ${s.change} to change, ${s.remove} to remove, ${s.unchanged} unchanged, ${s.blocked} blocked${s.confirm ? `, ${s.confirm} need confirmation` : ""}. LiteLLM calls: ${plan.live.calls} (${plan.live.pagedBy}).`,
  );
  return `${lines.join("\n")}\n`;
}

function formatApplyText(result: ApplyResult): string {
  const lines = result.results.map((r) => `  ${r.outcome.padEnd(7)} ${r.action.padEnd(7)} ${r.name}${r.deploymentId ? ` (${r.deploymentId})` : ""}${r.message ? `: ${r.message}` : ""}`);
  lines.push(`${result.applied} applied, ${result.failed} failed, ${result.skipped} skipped.`);
  return `${lines.join("\n")}\n`;
}

/** Runs `gatehouse config …`; returns the exit code. */
export async function runConfigCli(args: string[], env: CliEnv, io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.stdout(`${CONFIG_USAGE}\n`);
    return command ? 0 : 1;
  }
  let flags: Flags;
  try {
    if (!["export", "plan", "apply"].includes(command)) throw new UsageError(`Unknown command "${command}"`);
    flags = parseFlags(rest);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${CONFIG_USAGE}\n`);
    return 1;
  }
  const litellm = createLiteLLMClient({ baseUrl: env.LITELLM_URL, masterKey: env.LITELLM_MASTER_KEY, timeoutMs: env.LITELLM_TIMEOUT_MS });
  let db: Database | null = null;
  try {
    db = await (io.openDb ?? defaultOpenDb)(env);
    if (command === "export") return await runExport(flags, litellm, db, io);
    return await runPlanOrApply(command as "plan" | "apply", flags, env, litellm, db, io);
  } catch (error) {
    io.stderr(`gatehouse: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

async function runExport(flags: Flags, litellm: ReturnType<typeof createLiteLLMClient>, db: Database | null, io: CliIo): Promise<number> {
  const format = (flags.format ?? "litellm-config") as ConfigFormat;
  let result;
  if (format === "bundle") {
    if (!db) {
      io.stderr("gatehouse: a bundle comes from the console database; set DATABASE_URL or PGLITE_DIR.\n");
      return 1;
    }
    const [aliases, policies, bindings] = await Promise.all([db.prisma.consumerAlias.findMany(), db.prisma.teamPolicy.findMany(), db.prisma.groupBinding.findMany()]);
    result = exportBundle({
      consumerAliases: aliases.map(toConsumerAlias),
      teamPolicies: policies.map(policySpecFromRow),
      groupBindings: bindings.map(bindingFromRow),
    });
  } else {
    result = await exportLive(
      { format, ...(flags.ids ? { ids: flags.ids } : {}), ...(flags.q ? { q: flags.q } : {}), includeCredentials: true, includeTeams: true, target: { instanceName: flags.instance ?? "litellm", namespace: flags.namespace ?? "litellm" } },
      litellm,
    );
  }
  if (!flags.file || flags.file === "-") {
    io.stdout(result.files.map((f) => (result.files.length > 1 ? `# ---- ${f.name} ----\n${f.text}` : f.text)).join("\n"));
  } else {
    const dir = path.dirname(flags.file);
    for (const [i, f] of result.files.entries()) {
      const target = i === 0 ? flags.file : path.join(dir, f.name);
      await fs.writeFile(target, f.text, "utf8");
      io.stderr(`wrote ${target}\n`);
    }
  }
  if (result.secretsToFill.length > 0) io.stderr(`Secrets are not exported; fill these before applying:\n${result.secretsToFill.map((s) => `  ${s}`).join("\n")}\n`);
  return 0;
}

async function runPlanOrApply(command: "plan" | "apply", flags: Flags, env: CliEnv, litellm: ReturnType<typeof createLiteLLMClient>, db: Database | null, io: CliIo): Promise<number> {
  const file = flags.file ?? env.GATEHOUSE_CONFIG_FILE;
  if (!file) {
    io.stderr("gatehouse: --file is required (or set GATEHOUSE_CONFIG_FILE).\n");
    return 1;
  }
  let text: string;
  try {
    const bytes = file === "-" ? await io.readStdin() : new Uint8Array(await fs.readFile(file));
    text = decodeConfigBytes(bytes);
  } catch (error) {
    if (error instanceof YamlInputError) {
      io.stderr(`gatehouse: ${file}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`gatehouse: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 1;
  }
  const source = flags.source ?? (file === "-" ? "stdin" : path.basename(file));
  const policy = ssrfPolicyFromEnv({ ALLOWED_API_BASE_HOSTS: env.ALLOWED_API_BASE_HOSTS, ALLOWED_API_BASE_CIDRS: env.ALLOWED_API_BASE_CIDRS, LITELLM_URL: env.LITELLM_URL, AUTH_URL: env.LITELLM_URL });
  const consumers = db ? (await db.prisma.consumerAlias.findMany()).map(toConsumerAlias) : null;
  const planned = await planText(
    { text, format: (flags.format as ConfigFormat | undefined) ?? "auto", source, prune: flags.prune },
    { litellm, consumers, checkApiBase: (raw) => checkApiBase(raw, policy) },
  );
  if (planned.plan.format === "bundle" && planned.plan.issues.length === 0) {
    const bundle = parseConfigText(text, "bundle").bundle!;
    if (!db) {
      planned.plan.skipped.push("Comparing the bundle with the console's consumer aliases, team policies and group bindings, and the alias checks: no console database (set DATABASE_URL or PGLITE_DIR). The file itself is valid.");
    } else {
      const [policies, bindings] = await Promise.all([db.prisma.teamPolicy.findMany(), db.prisma.groupBinding.findMany()]);
      const { indexFor, readLiveDeployments } = await import("./live");
      const { indexFromIndexed } = await import("@/lib/aliases/context");
      const live = await readLiveDeployments(indexFor(litellm));
      planned.plan.items = planBundle(
        bundle,
        {
          consumers: consumers ?? [],
          policies: policies.map(policySpecFromRow),
          bindings: bindings.map(bindingFromRow),
          fileBindings: [],
        },
        indexFromIndexed(consumers ?? [], live.indexed ?? []),
        flags.prune,
      );
      planned.plan.summary = summarise(planned.plan.items);
      planned.plan.notes.push("Group bindings from GROUP_BINDINGS_FILE are not visible to the CLI; bindings listed there show as additions.");
    }
  }
  const { plan } = planned;
  if (command === "plan") {
    io.stdout(flags.output === "json" ? `${JSON.stringify({ plan, exitCode: planExitCode(plan) }, null, 2)}\n` : formatPlanText(plan, file));
    return planExitCode(plan);
  }
  if (plan.issues.length > 0) {
    io.stdout(flags.output === "json" ? `${JSON.stringify({ plan, applied: false }, null, 2)}\n` : formatPlanText(plan, file));
    io.stderr("gatehouse: the file has errors; nothing was applied.\n");
    return 1;
  }
  if (!flags.yes) {
    io.stdout(formatPlanText(plan, file));
    io.stderr("gatehouse: add --yes to apply these changes.\n");
    return 1;
  }
  let result: ApplyResult;
  if (db) {
    // Write-ahead, through the console's chain: the intent before LiteLLM is touched (refused when it cannot be
    // written); the console's own apply (the one /config runs) then re-plans, applies and records the config.apply
    // event with a row per item, which completes the intent — deployments, teams and bundles alike.
    const actor = { provider: "cli", username: safeUser() };
    const database = db;
    result = await runAudited({ action: "config.apply", actor, input: { source, format: plan.format, prune: flags.prune, via: "cli" }, db: database }, () =>
      applyThroughConsole({ bytes: textBytes(text), format: (flags.format as ConfigFormat | undefined) ?? "auto", source, prune: flags.prune }, env, litellm, database),
    );
  } else if (plan.format === "bundle") {
    io.stderr("gatehouse: a bundle is applied to the console's database; set DATABASE_URL (or PGLITE_DIR while the console is stopped).\n");
    return 1;
  } else {
    result = await applyPlan(planned, litellm, { confirmed: "all" });
    io.stderr("note: not recorded in the console's audit log (no DATABASE_URL / PGLITE_DIR).\n");
  }
  io.stdout(
    flags.output === "json"
      ? `${JSON.stringify({ plan: result.plan, result: { results: result.results, applied: result.applied, failed: result.failed, skipped: result.skipped } }, null, 2)}\n`
      : `${formatPlanText(result.plan, file)}${formatApplyText(result)}`,
  );
  return result.failed > 0 ? 1 : 0;
}

const textBytes = (text: string) => new TextEncoder().encode(text);

/**
 * Runs lib/config/service's applyConfig — the UI's apply — as `cli:<user>`: the CLI's database and settings become the
 * process's for the duration (the services read them through getDb()/getEnv()), then are put back.
 */
async function applyThroughConsole(
  input: { bytes: Uint8Array; format: ConfigFormat | "auto"; source: string; prune: boolean },
  env: CliEnv,
  litellm: ReturnType<typeof createLiteLLMClient>,
  db: Database,
): Promise<ApplyResult> {
  const [{ installCliEnvForServices }, { applyConfig }, { indexFor }] = await Promise.all([import("@/lib/env"), import("./service"), import("./live")]);
  const holder = globalThis as unknown as { gatehouseDb?: Promise<Database> };
  const previousDb = holder.gatehouseDb;
  const restoreEnv = installCliEnvForServices(env);
  holder.gatehouseDb = Promise.resolve(db);
  const username = safeUser();
  // "cli" is not a sign-in provider: it only labels the audit actor (cli:<user>), as for the CLI's other writes.
  const user: SessionUser = { id: `cli:${username}`, provider: "cli" as SessionUser["provider"], username, name: username, role: "admin", teams: [] };
  try {
    return await applyConfig(
      { ctx: { user, request: { ip: null, userAgent: "gatehouse-cli" } }, input, confirmAll: true },
      // The index the CLI's plan warmed (the services' own checks — team policies, registry import — read the
      // process's index, warmed on their first use).
      { litellm, index: indexFor(litellm) },
    );
  } finally {
    holder.gatehouseDb = previousDb;
    restoreEnv();
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username.slice(0, 100) || "gatehouse-cli";
  } catch {
    return "gatehouse-cli";
  }
}
