/**
 * The authorization matrix: every role × every server action (`lib/**\/*actions.ts`) and every route handler
 * (`app/**\/route.ts`), called directly — not through the UI — with a valid-looking input. The session is mocked
 * per role; LiteLLM and the database are offline fakes that record every write.
 *
 * A forbidden call must come back `{ok:false, error.code:"unauthenticated"|"forbidden"}` (401/403 for routes)
 * and must not have written anything to LiteLLM or the database (audit rows aside). An allowed call must get past
 * authorization (any other outcome is fine: the fakes are offline).
 *
 * New exports are caught: an action or route method without a row here FAILS the suite. Add a row with the roles
 * that may pass; the matrix then proves every other role is refused server-side.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/types";

// ---------------------------------------------------------------- roles

const ROLES = ["anonymous", "admin", "viewer", "teamAdmin", "member", "peer", "outsider"] as const;
type Role = (typeof ROLES)[number];

const ALPHA = "team-alpha";
const BETA = "team-beta";
const user = (username: string, role: SessionUser["role"], teams: SessionUser["teams"]): SessionUser => ({
  id: `openshift:${username}`,
  provider: "openshift",
  username,
  name: username,
  role,
  teams,
});
/** `member` owns the fixture key; `peer` is in the same team but does not. */
const SESSIONS: Record<Role, SessionUser | null> = {
  anonymous: null,
  admin: user("ocp-admin", "admin", []),
  viewer: user("ocp-viewer", "viewer", []),
  teamAdmin: user("alpha-admin", "user", [{ teamId: ALPHA, role: "admin" }]),
  member: user("alpha-member", "user", [{ teamId: ALPHA, role: "member" }]),
  peer: user("alpha-peer", "user", [{ teamId: ALPHA, role: "member" }]),
  outsider: user("beta-member", "user", [{ teamId: BETA, role: "member" }]),
};

// ---------------------------------------------------------------- fakes (hoisted: vi.mock factories use them)

const world = vi.hoisted(() => {
  // A complete but unreachable configuration: nothing here can leave the machine.
  const config: Record<string, string> = {
    LITELLM_URL: "http://litellm.invalid",
    LITELLM_MASTER_KEY: "sk-authz-matrix-master",
    AUTH_SECRET: "authz-matrix-secret-authz-matrix-secret",
    AUTH_URL: "http://localhost:3000",
    DATABASE_URL: "",
    GROUP_BINDINGS_FILE: "",
    CONSOLE_ADMIN_PASSWORD_HASH: "",
    CONSOLE_ALLOW_MASTER_KEY_LOGIN: "",
    OPENSHIFT_API_URL: "",
    OIDC_ISSUER: "",
  };
  for (const [name, value] of Object.entries(config)) vi.stubEnv(name, value);
  const state = {
    session: null as unknown,
    /** LiteLLM calls, as "area.method". */
    litellmCalls: [] as string[],
    /** Prisma writes, as "model.op". */
    dbWrites: [] as string[],
    litellmStubs: new Map<string, (...args: unknown[]) => unknown>(),
    dbStubs: new Map<string, (...args: unknown[]) => unknown>(),
  };
  const READ_OPS = new Set(["findMany", "findUnique", "findFirst", "findUniqueOrThrow", "findFirstOrThrow", "count", "aggregate", "groupBy"]);
  const model = (name: string) =>
    new Proxy(
      {},
      {
        get: (_t, op: string) => async (args?: { data?: unknown; create?: unknown }) => {
          const stub = state.dbStubs.get(`${name}.${op}`);
          if (!READ_OPS.has(op)) state.dbWrites.push(`${name}.${op}`);
          if (stub) return stub(args);
          if (op === "findMany" || op === "groupBy") return [];
          if (op === "count") return 0;
          if (op === "aggregate") return {};
          if (op.startsWith("find")) return null;
          if (op.endsWith("Many")) return { count: 0 };
          return { id: "00000000-0000-4000-8000-000000000000", ...((args?.data ?? args?.create ?? {}) as object) };
        },
      },
    );
  const prismaFake: Record<string, unknown> = new Proxy(
    {},
    {
      get: (_t, prop: string) => {
        if (prop === "then") return undefined;
        if (prop === "$transaction") return async (arg: unknown) => (Array.isArray(arg) ? Promise.all(arg) : (arg as (tx: unknown) => unknown)(prismaFake));
        if (prop.startsWith("$")) return async () => [];
        return model(prop);
      },
    },
  );
  const db = {
    kind: "pglite",
    target: { kind: "pglite", dir: "memory://" },
    prisma: prismaFake,
    raw: { exec: async () => {}, query: async () => [] },
    withLock: async (_key: string, fn: () => unknown) => fn(),
    tryLock: async (_key: string, fn: () => unknown) => ({ ran: true, value: await fn() }),
    // The audit chain's appends (raw SQL): they always succeed here, so audited actions reach their service.
    transaction: async (fn: (c: unknown) => unknown) =>
      fn({ exec: async () => {}, query: async (sql: string) => (/nextval/.test(sql) ? [{ seq: "1" }] : []) }),
    close: async () => {},
  };
  return { state, db, prismaFake };
});

vi.mock("@/lib/auth", () => ({
  currentUser: async () => world.state.session,
  auth: async () => (world.state.session ? { user: world.state.session } : null),
  signIn: async () => {
    throw new Error("signIn is not exercised by the authz matrix");
  },
  signOut: async () => {},
  handlers: { GET: async () => new Response(null, { status: 404 }), POST: async () => new Response(null, { status: 404 }) },
}));

vi.mock("next-auth", () => {
  class AuthError extends Error {
    type = "AuthError";
  }
  class CredentialsSignin extends AuthError {
    code = "credentials";
  }
  return { default: () => ({}), AuthError, CredentialsSignin };
});

vi.mock("@/lib/db", () => ({
  prisma: async () => world.prismaFake,
  getDb: async () => world.db,
  openDatabase: async () => world.db,
  migrateDatabase: async () => [],
}));

vi.mock("@/lib/litellm", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/litellm")>();
  const offline = (name: string) =>
    new actual.LiteLLMError({ status: 503, type: "connection_error", message: `LiteLLM is offline in the authz matrix (${name})` });
  const area = (areaName: string) =>
    new Proxy(
      {},
      {
        get: (_t, method: string) =>
          method === "then"
            ? undefined
            : async (...args: unknown[]) => {
                const name = `${areaName}.${method}`;
                world.state.litellmCalls.push(name);
                const stub = world.state.litellmStubs.get(name);
                if (stub) return stub(...args);
                throw offline(name);
              },
      },
    );
  const client = new Proxy(
    { baseUrl: "http://litellm.invalid" } as Record<string, unknown>,
    {
      get: (target, prop: string) => {
        if (prop in target) return target[prop];
        if (prop === "then") return undefined;
        if (prop === "version" || prop === "checkMasterKeyEnforced") {
          return async () => {
            world.state.litellmCalls.push(prop);
            const stub = world.state.litellmStubs.get(prop);
            if (stub) return stub();
            throw offline(prop);
          };
        }
        return area(prop);
      },
    },
  );
  return { ...actual, getLiteLLM: () => client };
});

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "authz-matrix" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
}));

vi.mock("next/cache", () => ({
  revalidatePath: () => {},
  revalidateTag: () => {},
  updateTag: () => {},
  refresh: () => {},
  unstable_cache: (fn: unknown) => fn,
  unstable_noStore: () => {},
}));

// ---------------------------------------------------------------- the fixture world

const TOKEN = "a".repeat(64);
const MODEL_ID = "9b0c7a3e-1f6d-4c1a-9e51-000000000001";
const UUID = "00000000-0000-4000-8000-000000000001";

function team(teamId: string) {
  return { team_id: teamId, team_alias: teamId, models: ["gpt-4o-mini"], members_with_roles: [], max_budget: 100, spend: 0, blocked: false };
}

/** Reads answer with a small plausible world, so allowed calls get past their lookups; writes stay offline. */
function seedWorld() {
  const s = world.state.litellmStubs;
  s.clear();
  world.state.dbStubs.clear();
  s.set("keys.info", async () => ({
    token: TOKEN,
    key_name: "sk-...abcd",
    key_alias: "alpha/alpha-member/matrix",
    user_id: SESSIONS.member!.id,
    team_id: ALPHA,
    models: [],
    spend: 0,
    max_budget: 5,
    expires: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    blocked: false,
    metadata: {},
  }));
  s.set("keys.list", async () => ({ keys: [], total_count: 0, current_page: 1, total_pages: 1 }));
  s.set("teams.info", async (teamId: unknown) => ({ team_id: teamId, team_info: team(String(teamId)), keys: [], team_memberships: [] }));
  s.set("teams.list", async () => [team(ALPHA), team(BETA)]);
  s.set("models.list", async () => []);
  s.set("version", async () => ({ version: "1.96.0", features: {}, db: "connected", detectedAt: Date.now() }));
  // Notifications: a channel, a rule and a delivery of team-alpha (the SMTP port refuses at once).
  const d = world.state.dbStubs;
  d.set("notificationChannel.findUnique", async () => ({
    id: UUID,
    name: "alpha mail",
    kind: "email",
    teamId: ALPHA,
    config: { smtpHost: "127.0.0.1", smtpPort: 9, from: "gatehouse@example.com", recipients: ["ops@example.com"] },
    secret: null,
  }));
  d.set("notificationRule.findUnique", async () => ({ id: UUID, teamId: ALPHA, event: "key_expiring", threshold: 7, channelIds: [UUID] }));
  d.set("notificationDelivery.findUnique", async () => ({ id: UUID, teamId: ALPHA, status: "failed", subjectLabel: "matrix", event: "key_expiring" }));
}

/** LiteLLM methods that only read; any other call is a write attempt. */
const LITELLM_READS = /\.(info|list|listPage|find|groupInfo|readiness|liveliness|reread|costMap|providerFields|fields)$|^(version|checkMasterKeyEnforced)$/;
/** Tables a refused call may still write: the audit row of the refusal, rate-limit bookkeeping. */
const ALLOWED_DB_WRITES = /^(auditEvent|rateLimitEvent)\./;

// ---------------------------------------------------------------- the expectation table

type ActionRow =
  | { public: string }
  | {
      /** Roles that must get past authorization; every other role must be refused. */
      allowed: readonly Role[];
      input: unknown;
    };

const ADMIN: readonly Role[] = ["admin"];
const READERS: readonly Role[] = ["admin", "viewer"];
/** Who may manage the fixture key (team-alpha, owned by `member`): admins, alpha's team admin, the owner. */
const KEY_MANAGERS: readonly Role[] = ["admin", "teamAdmin", "member"];
const ALPHA_ISSUERS: readonly Role[] = ["admin", "teamAdmin", "member", "peer"];

const draft = {
  provider: "openai",
  alias: "matrix-model",
  model: "gpt-4o-mini",
  mode: "chat",
  apiBase: "http://127.0.0.1:4110/v1",
  apiKey: "sk-matrix-not-a-real-key",
};

export const ACTION_MATRIX: Record<string, ActionRow> = {
  // sign-in itself: these establish or end a session, so they must work without one
  "auth/actions.ts#signInWithPasswordAction": { public: "break-glass sign-in form (rate-limited and audited in authorize())" },
  "auth/actions.ts#signInWithProviderAction": { public: "starts the OAuth/OIDC redirect" },
  "auth/actions.ts#signOutAction": { public: "ends the caller's own session" },

  "bindings/actions.ts#createBindingAction": { allowed: ADMIN, input: { group: "team-gamma", kind: "team", teamId: ALPHA, teamRole: "member" } },
  "bindings/actions.ts#deleteBindingAction": { allowed: ADMIN, input: { id: UUID } },
  "bindings/actions.ts#importBindingsAction": { allowed: ADMIN, input: { yaml: "adminGroups: [gatehouse-admins]\n", mode: "merge" } },
  "bindings/actions.ts#exportBindingsAction": { allowed: READERS, input: {} },

  "audit/actions.ts#verifyAuditChainAction": { allowed: READERS, input: {} },

  "teams/actions.ts#createTeamAction": { allowed: ADMIN, input: { teamAlias: "Gamma", teamId: "team-gamma", models: [], maxBudgetUsd: 50, budgetDuration: "30d" } },
  "teams/actions.ts#updateTeamPolicyAction": {
    allowed: ADMIN,
    input: {
      teamId: ALPHA,
      maxKeyBudgetUsd: 10,
      maxKeyDurationDays: 30,
      allowedModels: ["gpt-4o-mini"],
      maxActiveKeysPerMember: 3,
      membersCanIssue: true,
      defaultBudgetPeriod: "monthly",
    },
  },

  "keys/actions.ts#issueKeyAction": {
    allowed: ALPHA_ISSUERS,
    input: { ownerKind: "team", teamId: ALPHA, alias: "matrix-key", models: ["gpt-4o-mini"], maxBudgetUsd: 5, budgetPeriod: "none", expiryMode: "7d" },
  },
  "keys/actions.ts#updateKeyAction": {
    allowed: KEY_MANAGERS,
    input: { token: TOKEN, models: ["gpt-4o-mini"], maxBudgetUsd: 5, budgetPeriod: "none", expiryMode: "keep", rpmLimit: null, tpmLimit: null, maxParallelRequests: null },
  },
  "keys/actions.ts#blockKeyAction": { allowed: KEY_MANAGERS, input: { token: TOKEN } },
  "keys/actions.ts#unblockKeyAction": { allowed: KEY_MANAGERS, input: { token: TOKEN } },
  "keys/actions.ts#deleteKeyAction": { allowed: KEY_MANAGERS, input: { token: TOKEN } },
  "keys/actions.ts#regenerateKeyAction": { allowed: KEY_MANAGERS, input: { token: TOKEN, gracePeriod: "none" } },
  "keys/actions.ts#extendKeyAction": { allowed: KEY_MANAGERS, input: { token: TOKEN, days: 7 } },
  "usage/actions.ts#revealRequestBodiesAction": {
    allowed: ADMIN,
    input: { requestId: "chatcmpl-matrix", startTime: "2026-12-01T12:00:00Z", reason: "debugging a failed call" },
  },

  // Notifications of team-alpha: admins and alpha's team admin; global ones (and running a tick) admins only.
  "notify/actions.ts#createChannelAction": {
    allowed: ["admin", "teamAdmin"],
    input: { kind: "email", name: "alpha mail", teamId: ALPHA, smtpHost: "127.0.0.1", smtpPort: 9, from: "gatehouse@example.com", recipients: "" },
  },
  "notify/actions.ts#deleteChannelAction": { allowed: ["admin", "teamAdmin"], input: { id: UUID } },
  "notify/actions.ts#testChannelAction": { allowed: ["admin", "teamAdmin"], input: { id: UUID } },
  "notify/actions.ts#createRuleAction": { allowed: ["admin", "teamAdmin"], input: { event: "key_expiring", threshold: 7, teamId: ALPHA, channelIds: [UUID] } },
  "notify/actions.ts#deleteRuleAction": { allowed: ["admin", "teamAdmin"], input: { id: UUID } },
  "notify/actions.ts#resendDeliveryAction": { allowed: ["admin", "teamAdmin"], input: { id: UUID } },
  "notify/actions.ts#runTickNowAction": { allowed: ADMIN, input: {} },

  "credentials/actions.ts#createCredentialAction": {
    allowed: ADMIN,
    input: { name: "matrix-credential", provider: "OpenAI", values: { api_key: "sk-matrix-not-a-real-key", api_base: "http://127.0.0.1:4110/v1" } },
  },
  "credentials/actions.ts#rotateCredentialAction": { allowed: ADMIN, input: { name: "upstream-openai", values: { api_key: "sk-matrix-not-a-real-key" } } },
  "credentials/actions.ts#deleteCredentialAction": { allowed: ADMIN, input: { name: "upstream-openai" } },

  "models/actions.ts#updateModelAction": { allowed: ADMIN, input: { id: MODEL_ID, alias: "gpt-4o-mini", mode: "chat" } },
  "models/actions.ts#previewModelRemovalAction": { allowed: ADMIN, input: { id: MODEL_ID } },
  "models/actions.ts#deleteModelAction": { allowed: ADMIN, input: { id: MODEL_ID, confirmAlias: "gpt-4o-mini" } },

  "models/wizard-actions.ts#validateDraftStepAction": { allowed: ADMIN, input: { step: "provider", values: draft } },
  "models/wizard-actions.ts#modelHintsAction": { allowed: ADMIN, input: { providerFlowId: "openai", mode: "chat", upstreamModel: "gpt-4o-mini" } },
  "models/wizard-actions.ts#checkDraftCandidateAction": { allowed: ADMIN, input: { values: draft } },
  "models/wizard-actions.ts#previewDraftAction": { allowed: ADMIN, input: { draft } },
  "models/wizard-actions.ts#testConnectAction": { allowed: ADMIN, input: { draft } },
  "models/wizard-actions.ts#testExistingModelAction": { allowed: ADMIN, input: { modelId: MODEL_ID } },
  "models/wizard-actions.ts#saveWizardModelAction": { allowed: ADMIN, input: { draft } },
  "models/wizard-actions.ts#rollbackWizardModelAction": { allowed: ADMIN, input: { modelId: MODEL_ID } },

  "aliases/actions.ts#checkModelCandidateAction": { allowed: READERS, input: { alias: "gpt-4o-mini", mode: "chat", baseModel: "gpt-4o-mini" } },
  "aliases/actions.ts#checkModelRemovalAction": { allowed: READERS, input: { deploymentId: MODEL_ID, kind: "delete" } },
  "aliases/actions.ts#createConsumerAliasAction": { allowed: ADMIN, input: { alias: "gpt-4o-mini", consumer: "rag-pipeline", kind: "chat", required: true } },
  "aliases/actions.ts#updateConsumerAliasAction": { allowed: ADMIN, input: { id: UUID, alias: "gpt-4o-mini", consumer: "rag-pipeline", kind: "chat", required: true } },
  "aliases/actions.ts#deleteConsumerAliasAction": { allowed: ADMIN, input: { id: UUID } },
  "aliases/actions.ts#previewImportAction": { allowed: ADMIN, input: { text: "aliases: []\n", format: "yaml", mode: "merge" } },
  "aliases/actions.ts#applyImportAction": { allowed: ADMIN, input: { text: "aliases: []\n", format: "yaml", mode: "merge" } },
  "aliases/actions.ts#verifyModelDimensionAction": { allowed: ADMIN, input: { modelId: MODEL_ID } },

  // every signed-in person may ask; a key outside their reach reads like a missing one (lib/explain/agreement.sandbox.test.ts)
  "explain/actions.ts#explainKeyAccessAction": {
    allowed: ["admin", "viewer", "teamAdmin", "member", "peer", "outsider"],
    input: { by: "hash", value: TOKEN, model: "gpt-4o-mini" },
  },
  // admins, and alpha's members through a temporary key of team alpha; viewers and other teams' members are refused
  "playground/actions.ts#runEmbeddingAction": { allowed: ALPHA_ISSUERS, input: { model: "gpt-4o-mini", teamId: ALPHA, input: "hello" } },
  // the model picker's search: everyone who may use the playground (members see their teams' models only); viewers refused
  "playground/actions.ts#searchPlaygroundModelsAction": { allowed: ["admin", "teamAdmin", "member", "peer", "outsider"], input: { q: "gpt" } },
};

type RouteRow = { public: string } | { allowed: readonly Role[]; url: string; method?: string; body?: unknown };

/** What a browser sends on a same-origin fetch (route handlers check it themselves). */
const SAME_ORIGIN = { origin: "http://localhost", "x-forwarded-host": "localhost", "sec-fetch-site": "same-origin", "content-type": "application/json" };

export const ROUTE_MATRIX: Record<string, RouteRow> = {
  "api/auth/[...nextauth]/route.ts#GET": { public: "Auth.js endpoints (sign-in flow)" },
  "api/auth/[...nextauth]/route.ts#POST": { public: "Auth.js endpoints (sign-in flow, CSRF-protected)" },
  "api/health/live/route.ts#GET": { public: "liveness probe" },
  "api/health/ready/route.ts#GET": { public: "readiness probe (no secrets in the answer)" },
  "api/audit/export/route.ts#GET": { allowed: ["admin", "viewer", "teamAdmin"], url: "/api/audit/export" },
  "api/aliases/export/route.ts#GET": { allowed: READERS, url: "/api/aliases/export?format=yaml" },
  "api/config/export/route.ts#GET": { allowed: READERS, url: "/api/config/export?format=litellm-config" },
  "api/config/plan/route.ts#POST": { allowed: READERS, url: "/api/config/plan", method: "POST", body: {} },
  "api/config/apply/route.ts#POST": { allowed: ADMIN, url: "/api/config/apply", method: "POST", body: {} },
  // Another team's usage: only admins and viewers; alpha's team admin, members and beta's member are refused.
  "api/usage/export/route.ts#GET": { allowed: READERS, url: "/api/usage/export?team=team-beta" },
  "(console)/models/new/test-connect/route.ts#POST": { allowed: ADMIN, url: "/models/new/test-connect", method: "POST", body: { draft } },
  "(console)/models/[id]/test-connect/route.ts#POST": { allowed: ADMIN, url: `/models/${MODEL_ID}/test-connect`, method: "POST", body: {} },
  "api/playground/chat/route.ts#POST": {
    allowed: ALPHA_ISSUERS,
    url: "/api/playground/chat",
    method: "POST",
    body: { model: "gpt-4o-mini", teamId: ALPHA, prompt: "hello" },
  },
};

// ---------------------------------------------------------------- discovery

type AnyModule = Record<string, unknown>;
const actionLoaders = import.meta.glob<AnyModule>(["./**/*actions.ts", "!./**/*.test.ts"]);
const routeLoaders = import.meta.glob<AnyModule>("../app/**/route.ts");
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

const actions: { id: string; fn: (input: unknown) => Promise<unknown> }[] = [];
for (const [file, load] of Object.entries(actionLoaders)) {
  const mod = await load();
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === "function") actions.push({ id: `${file.replace(/^\.\//, "")}#${name}`, fn: value as (input: unknown) => Promise<unknown> });
  }
}
const routes: { id: string; fn: (request: Request) => Promise<Response> }[] = [];
for (const [file, load] of Object.entries(routeLoaders)) {
  const mod = await load();
  for (const [name, value] of Object.entries(mod)) {
    if (HTTP_METHODS.has(name) && typeof value === "function") routes.push({ id: `${file.replace(/^\.\.\/app\//, "")}#${name}`, fn: value as (r: Request) => Promise<Response> });
  }
}

function isRefusal(result: unknown): boolean {
  const r = result as { ok?: boolean; error?: { code?: string } };
  return r?.ok === false && (r.error?.code === "forbidden" || r.error?.code === "unauthenticated");
}

function writesOf(): string[] {
  return [...world.state.litellmCalls.filter((c) => !LITELLM_READS.test(c)), ...world.state.dbWrites.filter((w) => !ALLOWED_DB_WRITES.test(w))];
}

beforeEach(() => {
  world.state.litellmCalls = [];
  world.state.dbWrites = [];
  seedWorld();
});

// ---------------------------------------------------------------- completeness

describe("the matrix covers every server action and route handler", () => {
  it("finds the action modules and route handlers", () => {
    expect(actions.map((a) => a.id)).toContain("bindings/actions.ts#createBindingAction");
    expect(routes.map((r) => r.id)).toContain("api/audit/export/route.ts#GET");
  });

  it("has a row for every exported action (add one when you add an action)", () => {
    const missing = actions.map((a) => a.id).filter((id) => !(id in ACTION_MATRIX));
    expect(missing, `No ACTION_MATRIX row for: ${missing.join(", ")}`).toEqual([]);
  });

  it("has no rows for actions that no longer exist", () => {
    const present = new Set(actions.map((a) => a.id));
    expect(Object.keys(ACTION_MATRIX).filter((id) => !present.has(id))).toEqual([]);
  });

  it("has a row for every route handler method", () => {
    const missing = routes.map((r) => r.id).filter((id) => !(id in ROUTE_MATRIX));
    expect(missing, `No ROUTE_MATRIX row for: ${missing.join(", ")}`).toEqual([]);
    const present = new Set(routes.map((r) => r.id));
    expect(Object.keys(ROUTE_MATRIX).filter((id) => !present.has(id))).toEqual([]);
  });

  it("server actions live only in lib/**/*actions.ts (where this matrix finds them)", () => {
    const root = path.resolve(__dirname, "..");
    const stray: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
          const text = fs.readFileSync(full, "utf8");
          if (/^\s*["']use server["']/m.test(text)) {
            const rel = path.relative(root, full).split(path.sep).join("/");
            if (!/^lib\/.+actions\.ts$/.test(rel)) stray.push(rel);
          }
        }
      }
    };
    for (const dir of ["app", "lib", "components"]) walk(path.join(root, dir));
    expect(stray, "Move these server actions into lib/<feature>/actions.ts so the matrix covers them").toEqual([]);
  });
});

// ---------------------------------------------------------------- roles × actions

const actionCases = actions.flatMap((a) => {
  const row = ACTION_MATRIX[a.id];
  if (!row || "public" in row) return [];
  return ROLES.map((role) => ({ ...a, role, row, allowed: row.allowed.includes(role) }));
});

describe.each(actionCases)("$id as $role", ({ fn, role, row, allowed }) => {
  it(allowed ? "gets past authorization" : "is refused server-side and changes nothing", async () => {
    world.state.session = SESSIONS[role];
    const result = await fn(structuredClone(row.input));
    if (allowed) {
      expect(isRefusal(result), `expected ${role} to pass authorization, got ${JSON.stringify(result)}`).toBe(false);
      return;
    }
    expect(result).toMatchObject({ ok: false, error: { code: role === "anonymous" ? "unauthenticated" : "forbidden" } });
    expect(writesOf(), "a refused call must not write").toEqual([]);
  });
});

// ---------------------------------------------------------------- roles × route handlers

const routeCases = routes.flatMap((r) => {
  const row = ROUTE_MATRIX[r.id];
  if (!row || "public" in row) return [];
  return ROLES.map((role) => ({ ...r, role, row, allowed: row.allowed.includes(role) }));
});

describe.each(routeCases)("$id as $role", ({ fn, role, row, allowed }) => {
  it(allowed ? "gets past authorization" : "is refused (401/403) and changes nothing", async () => {
    world.state.session = SESSIONS[role];
    const request = new Request(`http://localhost${row.url}`, {
      method: row.method ?? "GET",
      body: row.body === undefined ? undefined : JSON.stringify(row.body),
      headers: SAME_ORIGIN,
    });
    let status = 500;
    let body: unknown = null;
    try {
      const response = await fn(request);
      status = response.status;
      if (response.headers.get("content-type")?.includes("application/json")) body = await response.json();
    } catch {
      // an offline fake failed after authorization
    }
    // A refusal is a 401/403, or a 200 carrying an ActionResult refusal (handlers that mirror server actions).
    const refused = status === 401 || status === 403 || isRefusal(body);
    if (allowed) {
      expect(refused, `expected ${role} to pass authorization, got ${status} ${JSON.stringify(body)}`).toBe(false);
      return;
    }
    expect(refused, `expected ${role} to be refused, got ${status} ${JSON.stringify(body)}`).toBe(true);
    if (role === "anonymous") expect(status).toBe(401);
    expect(writesOf()).toEqual([]);
  });
});
