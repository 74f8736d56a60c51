/**
 * The writes that are route handlers, not server actions — Test Connect (wizard and model page), the playground's
 * streamed chat and config apply — are write-ahead audited through lib/audit/route.ts: with the database down the
 * intent cannot be written, so each answers 503 "nothing was changed" and LiteLLM is never called. The same requests
 * with the database up do reach LiteLLM (an offline fake here), so the refusal is the audit's, not the fake's.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/types";

const world = vi.hoisted(() => {
  const config: Record<string, string> = {
    LITELLM_URL: "http://litellm.invalid",
    LITELLM_MASTER_KEY: "sk-fail-closed-master",
    AUTH_SECRET: "fail-closed-secret-fail-closed-secret-0",
    AUTH_URL: "http://localhost:3000",
    DATABASE_URL: "",
    GROUP_BINDINGS_FILE: "",
    CONSOLE_ADMIN_PASSWORD_HASH: "",
    CONSOLE_ALLOW_MASTER_KEY_LOGIN: "",
    OPENSHIFT_API_URL: "",
    OIDC_ISSUER: "",
  };
  for (const [name, value] of Object.entries(config)) vi.stubEnv(name, value);
  const state = { session: null as unknown, databaseDown: true, litellmCalls: [] as string[], auditAppends: 0 };
  const refused = () => new Error("connect ECONNREFUSED 127.0.0.1:5432");
  const prismaFake: Record<string, unknown> = new Proxy(
    {},
    {
      get: (_t, prop: string) => {
        if (prop === "then") return undefined;
        return new Proxy(
          {},
          {
            get: (_m, op: string) => async () => {
              if (state.databaseDown) throw refused();
              if (op === "findMany" || op === "groupBy") return [];
              if (op === "count") return 0;
              if (op.startsWith("find")) return null;
              return { id: "00000000-0000-4000-8000-000000000000" };
            },
          },
        );
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
    transaction: async (fn: (c: unknown) => unknown) => {
      if (state.databaseDown) throw refused();
      state.auditAppends++;
      return fn({ exec: async () => {}, query: async (sql: string) => (/nextval/.test(sql) ? [{ seq: "1" }] : []) });
    },
    close: async () => {},
  };
  return { state, db, prismaFake, refused };
});

vi.mock("@/lib/auth", () => ({
  currentUser: async () => world.state.session,
  auth: async () => (world.state.session ? { user: world.state.session } : null),
}));

vi.mock("@/lib/db", () => ({
  prisma: async () => {
    if (world.state.databaseDown) throw world.refused();
    return world.prismaFake;
  },
  getDb: async () => {
    if (world.state.databaseDown) throw world.refused();
    return world.db;
  },
}));

vi.mock("@/lib/litellm", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/litellm")>();
  const offline = (name: string) => new actual.LiteLLMError({ status: 503, type: "connection_error", message: `LiteLLM is offline in this test (${name})` });
  const call = (name: string) => async () => {
    world.state.litellmCalls.push(name);
    throw offline(name);
  };
  const client = new Proxy({ baseUrl: "http://litellm.invalid" } as Record<string, unknown>, {
    get: (target, prop: string) => {
      if (prop in target) return target[prop];
      if (prop === "then") return undefined;
      if (prop === "version" || prop === "checkMasterKeyEnforced") return call(prop);
      return new Proxy({}, { get: (_a, method: string) => (method === "then" ? undefined : call(`${prop}.${method}`)) });
    },
  });
  return { ...actual, getLiteLLM: () => client };
});

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "fail-closed-test" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
}));

vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {}, unstable_cache: (fn: unknown) => fn, unstable_noStore: () => {} }));

const ADMIN: SessionUser = { id: "openshift:ocp-admin", provider: "openshift", username: "ocp-admin", name: "ocp-admin", role: "admin", teams: [] };
const SAME_ORIGIN = { origin: "http://localhost", "x-forwarded-host": "localhost", "sec-fetch-site": "same-origin" };
const MODEL_ID = "9b0c7a3e-1f6d-4c1a-9e51-000000000001";

function configUpload(): Request {
  const form = new FormData();
  form.set("file", new Blob(["model_list:\n  - model_name: fail-closed\n    litellm_params: { model: openai/gpt-4o-mini, api_key: os.environ/K }\n"]), "config.yaml");
  form.set("options", JSON.stringify({ source: "config.yaml" }));
  return new Request("http://localhost/api/config/apply", { method: "POST", body: form, headers: SAME_ORIGIN });
}

const json = (url: string, body: unknown) =>
  new Request(`http://localhost${url}`, { method: "POST", body: JSON.stringify(body), headers: { ...SAME_ORIGIN, "content-type": "application/json" } });

const ROUTES: Array<{ name: string; call: () => Promise<Response> }> = [
  {
    name: "the wizard's Test Connect",
    call: async () =>
      (await import("@/app/(console)/models/new/test-connect/route")).POST(
        json("/models/new/test-connect", { draft: { provider: "openai", alias: "fail-closed", model: "gpt-4o-mini", mode: "chat", apiKey: "sk-fail-closed-not-real" } }),
      ),
  },
  {
    name: "the model page's Test Connect",
    call: async () => (await import("@/app/(console)/models/[id]/test-connect/route")).POST(json(`/models/${MODEL_ID}/test-connect`, {})),
  },
  {
    name: "the playground's chat",
    call: async () => (await import("@/app/api/playground/chat/route")).POST(json("/api/playground/chat", { model: "gpt-4o-mini", prompt: "hello" })),
  },
  { name: "config apply", call: async () => (await import("@/app/api/config/apply/route")).POST(configUpload()) },
];

/** Reads a route's whole answer (a stream ends when its work and the audit completion are done). */
async function drain(response: Response): Promise<string> {
  return response.body ? await response.text() : "";
}

describe.each(ROUTES)("$name", ({ call }) => {
  beforeEach(() => {
    world.state.session = ADMIN;
    world.state.litellmCalls = [];
    world.state.auditAppends = 0;
  });

  it("with the database down: refused with 503 before anything reaches LiteLLM", async () => {
    world.state.databaseDown = true;
    const response = await call();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: "unavailable" } });
    expect(body.error.message).toMatch(/audit log cannot be written.*nothing was changed/);
    expect(world.state.litellmCalls).toEqual([]);
  });

  it("with the database up: the intent is written and the request does reach LiteLLM", async () => {
    world.state.databaseDown = false;
    const response = await call();
    expect(response.status).not.toBe(503);
    await drain(response);
    // The intent (the offline fake's answer may leave it pending for the reconciler: that is fine here).
    expect(world.state.auditAppends).toBeGreaterThanOrEqual(1);
    expect(world.state.litellmCalls.length).toBeGreaterThan(0);
  });
});
