import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { UpstreamError } from "@/lib/errors";

import { createFakeFetch, json, text, type Reply } from "./__fixtures__/fake-fetch";
import { isAliasConflict, isEnterpriseGated, isNotFound, LiteLLMError, unwrapPythonRepr } from "./errors";
import { createLiteLLMClient } from "./index";

const MASTER = "sk-master-0123456789abcdef";

/** Runs one client call against a canned answer and returns what it threw. */
async function errorFor(
  reply: Reply | (() => never),
  call: "keyInfo" | "credentialsPatch" | "modelsList" = "keyInfo",
): Promise<LiteLLMError> {
  const routes = {
    "GET /key/info": () => (typeof reply === "function" ? reply() : reply),
    "PATCH /credentials/openai-prod": () => (typeof reply === "function" ? reply() : reply),
    "GET /model/info": () => (typeof reply === "function" ? reply() : reply),
  };
  const fake = createFakeFetch({ routes });
  const client = createLiteLLMClient({ baseUrl: "http://litellm.test", masterKey: MASTER, fetch: fake.fetch, retries: 0 });
  try {
    if (call === "keyInfo") await client.keys.info("abc123hash");
    else if (call === "credentialsPatch")
      await client.credentials.update("openai-prod", {
        credential_name: "openai-prod",
        credential_info: {},
        credential_values: { api_key: "x" },
      });
    else await client.models.list();
  } catch (error) {
    return error as LiteLLMError;
  }
  throw new Error("expected the call to fail");
}

interface Case {
  name: string;
  reply: Reply;
  call?: "keyInfo" | "credentialsPatch" | "modelsList";
  expect: Partial<Pick<LiteLLMError, "status" | "type" | "upstreamCode" | "param" | "message">> & { messageContains?: string };
  predicates?: { notFound?: boolean; aliasConflict?: boolean; enterprise?: boolean };
}

const cases: Case[] = [
  {
    name: "A: ProxyException with string code and param",
    reply: json(
      {
        error: {
          message: "Key with alias 'team-a' already exists. Unique key aliases across all keys are required.",
          type: "bad_request_error",
          param: "key_alias",
          code: "400",
        },
      },
      400,
    ),
    expect: { status: 400, type: "bad_request_error", upstreamCode: "400", param: "key_alias" },
    predicates: { aliasConflict: true, notFound: false },
  },
  {
    name: "A: Python repr {'error': '…'} is unwrapped",
    reply: json(
      { error: { message: "{'error': 'Model with id=abc not found in db'}", type: "bad_request_error", param: null, code: "400" } },
      400,
    ),
    expect: { status: 400, message: "Model with id=abc not found in db", param: null },
    predicates: { notFound: true },
  },
  {
    name: "A: Python repr with a double-quoted value",
    reply: json(
      {
        error: {
          message: `{'error': "No DB Connected. Here's how to do it - https://docs.litellm.ai"}`,
          type: "internal_server_error",
          code: "500",
        },
      },
      500,
    ),
    expect: { status: 500, type: "internal_server_error", message: "No DB Connected. Here's how to do it - https://docs.litellm.ai" },
    predicates: { notFound: false },
  },
  {
    name: "A: Python repr {'message': '…'} from /team/info",
    reply: json({ error: { message: "{'message': 'Team not found, passed team_id=t-1'}", type: "not_found_error", code: "404" } }, 404),
    expect: { status: 404, message: "Team not found, passed team_id=t-1" },
    predicates: { notFound: true },
  },
  {
    name: "A: misleading /key/update 404 text still counts as not found",
    reply: json({ error: { message: "{'error': 'Team not found, passed team_id=None'}", type: "auth_error", code: "404" } }, 404),
    expect: { status: 404, message: "Team not found, passed team_id=None" },
    predicates: { notFound: true },
  },
  {
    name: "A: 'No healthy deployment available' becomes 429",
    reply: json({ error: { message: "No healthy deployment available, passed model=gpt-4o", type: "None", code: "500" } }, 500),
    expect: { status: 429 },
  },
  {
    name: "A: Enterprise gate answered as 500",
    reply: json(
      {
        error: {
          message: "Internal Server Error, Regenerating Virtual Keys is an Enterprise feature, https://www.litellm.ai/#pricing",
          type: "internal_server_error",
          code: "500",
        },
      },
      500,
    ),
    expect: { status: 500 },
    predicates: { enterprise: true, notFound: false },
  },
  {
    name: "A: secrets in messages are redacted",
    reply: json(
      {
        error: { message: "AuthenticationError: Incorrect API key provided: sk-proj-abcdef1234567890XYZ", type: "auth_error", code: "401" },
      },
      401,
    ),
    expect: { status: 401, messageContains: "sk-***" },
  },
  {
    name: "B: detail string",
    reply: json({ detail: "Authentication Error, No api key passed in." }, 401),
    expect: { status: 401, type: "auth_error", message: "Authentication Error, No api key passed in." },
  },
  {
    name: "B: detail {error}",
    reply: json({ detail: { error: "Model id = 9f2 not found on litellm proxy" } }, 400),
    call: "modelsList",
    expect: { status: 400, type: "bad_request_error", message: "Model id = 9f2 not found on litellm proxy" },
    predicates: { notFound: true },
  },
  {
    name: "B: detail {message}",
    reply: json({ detail: { message: "Only the proxy admin can manage logging credentials" } }, 403),
    expect: { status: 403, type: "auth_error", message: "Only the proxy admin can manage logging credentials" },
    predicates: { notFound: false },
  },
  {
    name: "C: 422 validation list",
    reply: json(
      {
        detail: [
          { type: "missing", loc: ["body", "model_name"], msg: "Field required", input: {} },
          { type: "int_parsing", loc: ["body", "litellm_params", "rpm"], msg: "Input should be a valid integer", input: "x" },
        ],
      },
      422,
    ),
    expect: {
      status: 422,
      type: "validation_error",
      messageContains: "model_name: Field required; litellm_params.rpm: Input should be a valid integer",
    },
  },
  {
    name: "D: text/plain 500",
    reply: text("Internal Server Error", 500),
    expect: { status: 500, type: "internal_server_error", message: "Internal Server Error" },
  },
  {
    name: "D: empty 500 body",
    reply: text("", 500),
    expect: { status: 500, message: "LiteLLM answered HTTP 500 with an empty body." },
  },
  {
    name: "D: HTML error page from something in front of LiteLLM",
    reply: text("<html><body><h1>500 Internal Server Error</h1></body></html>", 500, "text/html"),
    expect: { status: 500, messageContains: "HTML page" },
  },
  {
    name: "E: HTTP 200 exception body from PATCH /credentials (code becomes status)",
    reply: json({ message: "Credential not found in DB.", type: "not_found", param: null, code: "404" }),
    call: "credentialsPatch",
    expect: { status: 404, upstreamCode: "404", message: "Credential not found in DB." },
    predicates: { notFound: true },
  },
  {
    name: "E: HTTP 200 exception body with a secret inside",
    reply: json({
      message: "Internal Server Error, api_key=sk-abcdefghijklmnopqrstu rejected",
      type: "internal_server_error",
      code: "500",
    }),
    call: "credentialsPatch",
    expect: { status: 500, type: "internal_server_error", messageContains: "api_key=***" },
  },
  {
    name: "garbage 200 (not JSON)",
    reply: text("<!doctype html><title>Login</title>", 200, "text/html"),
    expect: { status: 200, type: "invalid_response", messageContains: "LiteLLM returned an unreadable response" },
  },
  {
    name: "200 JSON of the wrong shape",
    reply: json({ hello: "world" }),
    expect: { type: "invalid_response", messageContains: "unexpected response to GET /key/info: info:" },
  },
];

describe("LiteLLMError from every error shape (CONTRACT §1.2)", () => {
  it.each(cases)("$name", async (c) => {
    const error = await errorFor(c.reply, c.call);
    expect(error).toBeInstanceOf(LiteLLMError);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.code).toBe("upstream");
    const { messageContains, ...exact } = c.expect;
    expect(error).toMatchObject(exact);
    if (messageContains) expect(error.message).toContain(messageContains);
    expect(error.message).not.toMatch(/sk-[A-Za-z0-9]{8,}/);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    if (c.predicates?.notFound !== undefined) expect(isNotFound(error)).toBe(c.predicates.notFound);
    if (c.predicates?.aliasConflict !== undefined) expect(isAliasConflict(error)).toBe(c.predicates.aliasConflict);
    if (c.predicates?.enterprise !== undefined) expect(isEnterpriseGated(error)).toBe(c.predicates.enterprise);
  });

  it("keeps the 422 list on `validation` with FastAPI's body/query prefix removed", async () => {
    const error = await errorFor(json({ detail: [{ type: "missing", loc: ["query", "key"], msg: "Field required" }] }, 422));
    expect(error.validation).toEqual([{ field: "key", message: "Field required", type: "missing" }]);
  });
});

describe("transport failures", () => {
  let silent: http.Server;
  let silentUrl: string;
  let closedUrl: string;

  beforeAll(async () => {
    silent = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((r) => probe.close(() => r()));
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it("connection refused (a real closed port) → connection_error naming the cause", async () => {
    const client = createLiteLLMClient({ baseUrl: closedUrl, masterKey: MASTER, retries: 0 });
    const error = (await client.keys.info("h").catch((e) => e)) as LiteLLMError;
    expect(error).toBeInstanceOf(LiteLLMError);
    expect(error.type).toBe("connection_error");
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`Could not reach LiteLLM at ${closedUrl}: connection refused`);
  });

  it("DNS failure → connection_error 'host name not found'", async () => {
    const dnsFetch = (async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND litellm"), { code: "ENOTFOUND" }) });
    }) as typeof fetch;
    const client = createLiteLLMClient({ baseUrl: "http://litellm:4000", masterKey: MASTER, fetch: dnsFetch, retries: 0 });
    const error = (await client.keys.info("h").catch((e) => e)) as LiteLLMError;
    expect(error.type).toBe("connection_error");
    expect(error.message).toBe("Could not reach LiteLLM at http://litellm:4000: host name not found (DNS).");
  });

  it("a server that never answers → timeout with the configured seconds", async () => {
    const client = createLiteLLMClient({ baseUrl: silentUrl, masterKey: MASTER, timeoutMs: 300, retries: 0 });
    const started = Date.now();
    const error = (await client.keys.info("h").catch((e) => e)) as LiteLLMError;
    expect(error.type).toBe("timeout");
    expect(error.message).toBe("LiteLLM did not answer within 0.3 s (GET /key/info).");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("an external AbortSignal → aborted, and it stops waiting at once", async () => {
    const client = createLiteLLMClient({ baseUrl: silentUrl, masterKey: MASTER, testConnectTimeoutMs: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = (await client.health
      .testConnection({ litellm_params: { model: "openai/gpt-4o" } }, { signal: controller.signal })
      .catch((e) => e)) as LiteLLMError;
    expect(error.type).toBe("aborted");
    expect(error.message).toBe("The request to LiteLLM was cancelled.");
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("unwrapPythonRepr", () => {
  it.each([
    ["{'error': 'Model with id=x not found in db'}", "Model with id=x not found in db"],
    ["{'message': 'Team not found'}", "Team not found"],
    [`{'error': "Here's a quote"}`, "Here's a quote"],
    ["Internal Server Error, {'error': 'boom'}", "Internal Server Error, boom"],
    ["plain text stays", "plain text stays"],
    ["{'error': 'a', 'other': 'b'}", "{'error': 'a', 'other': 'b'}"],
  ])("%s", (input, expected) => {
    expect(unwrapPythonRepr(input)).toBe(expected);
  });
});

describe("predicates reject look-alikes", () => {
  it("isNotFound is false for a 400 that is not about existence, and for non-LiteLLM errors", () => {
    expect(isNotFound(new LiteLLMError({ status: 400, type: "bad_request_error", message: "Invalid duration" }))).toBe(false);
    expect(isNotFound(new Error("not found"))).toBe(false);
  });
  it("isAliasConflict needs a 400", () => {
    expect(isAliasConflict(new LiteLLMError({ status: 500, type: "x", param: "key_alias", message: "db down" }))).toBe(false);
  });
  it("isEnterpriseGated matches the licence wording", () => {
    const gated = new LiteLLMError({
      status: 403,
      type: "auth_error",
      message: "You must be a LiteLLM Enterprise user to use this feature. If you have a license please set `LITELLM_LICENSE` in your env.",
    });
    expect(isEnterpriseGated(gated)).toBe(true);
    expect(isEnterpriseGated(new LiteLLMError({ status: 403, type: "auth_error", message: "Only proxy admins" }))).toBe(false);
  });
});
