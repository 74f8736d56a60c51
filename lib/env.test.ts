import { describe, expect, it } from "vitest";
import { EnvError, databaseTarget, parseEnv } from "./env";

const valid = {
  LITELLM_URL: "http://litellm:4000/",
  LITELLM_MASTER_KEY: "sk-master",
  AUTH_SECRET: "x".repeat(32),
  AUTH_URL: "https://gatehouse.example.com",
};

function errorOf(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseEnv", () => {
  it("accepts a minimal production environment and normalises URLs", () => {
    const env = parseEnv(valid);
    expect(env.LITELLM_URL).toBe("http://litellm:4000");
    expect(env.LITELLM_TIMEOUT_MS).toBe(15_000);
    expect(env.ALLOWED_API_BASE_HOSTS).toEqual([]);
  });

  it.each([
    ["AUTH_SECRET", { AUTH_SECRET: undefined }, "Invalid configuration: AUTH_SECRET: is required (32+ random characters, e.g. `openssl rand -base64 32`)"],
    ["LITELLM_URL", { LITELLM_URL: undefined }, "Invalid configuration: LITELLM_URL: is required"],
    ["LITELLM_URL", { LITELLM_URL: "litellm:4000" }, "Invalid configuration: LITELLM_URL: must be an http(s) URL, e.g. http://litellm:4000"],
    ["AUTH_SECRET", { AUTH_SECRET: "short" }, "Invalid configuration: AUTH_SECRET: must be at least 32 characters (e.g. `openssl rand -base64 32`)"],
    ["LITELLM_MASTER_KEY", { LITELLM_MASTER_KEY: "master" }, "Invalid configuration: LITELLM_MASTER_KEY: must start with sk- (LiteLLM requires it)"],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }, "Invalid configuration: DATABASE_URL: must be postgres://… (PostgreSQL) or pglite:<dir> (embedded)"],
    ["OPENSHIFT_CLIENT_ID", { OPENSHIFT_API_URL: "https://api.cluster:6443" }, "Invalid configuration: OPENSHIFT_CLIENT_ID: is required when OPENSHIFT_API_URL is set"],
  ])("names %s when it is missing or malformed", (variable, override, message) => {
    const error = errorOf({ ...valid, ...override });
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("\n");
  });

  it("TRUSTED_PROXY_COUNT: 0 (the socket address) by default, a small whole number otherwise", () => {
    expect(parseEnv(valid).TRUSTED_PROXY_COUNT).toBe(0);
    expect(parseEnv({ ...valid, TRUSTED_PROXY_COUNT: "1" }).TRUSTED_PROXY_COUNT).toBe(1);
    for (const bad of ["-1", "1.5", "yes", "11"]) {
      expect(errorOf({ ...valid, TRUSTED_PROXY_COUNT: bad }).message).toBe(
        "Invalid configuration: TRUSTED_PROXY_COUNT: must be a whole number from 0 to 10 (0 = no proxy in front)",
      );
    }
  });

  it("keeps an OIDC issuer's trailing slash (issuers compare byte for byte)", () => {
    expect(parseEnv({ ...valid, OIDC_ISSUER: "https://idp/realms/x/", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" }).OIDC_ISSUER).toBe("https://idp/realms/x/");
  });

  it("chooses the database target from DATABASE_URL", () => {
    expect(databaseTarget({ DATABASE_URL: undefined, PGLITE_DIR: undefined })).toEqual({ kind: "pglite", dir: "./data/pglite" });
    expect(databaseTarget({ DATABASE_URL: "pglite:/var/lib/gatehouse", PGLITE_DIR: undefined })).toEqual({ kind: "pglite", dir: "/var/lib/gatehouse" });
    expect(databaseTarget({ DATABASE_URL: "postgresql://u:p@db/gh", PGLITE_DIR: undefined })).toEqual({ kind: "postgres", url: "postgresql://u:p@db/gh" });
  });
});
