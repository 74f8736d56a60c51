import { z } from "zod";

/**
 * The only place that reads process.env (ESLint enforces it). Validated once, lazily, so
 * `next build` does not need runtime secrets; `instrumentation.ts` validates at server start
 * and exits with one line naming the bad variable.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const httpUrl = (name: string, keepTrailingSlash = false) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === "http:" || u.protocol === "https:";
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL, e.g. http://litellm:4000`)
    .transform((v) => (keepTrailingSlash ? v : v.replace(/\/+$/, "")));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LITELLM_URL: httpUrl("LITELLM_URL"),
    LITELLM_MASTER_KEY: z
      .string({ error: "LITELLM_MASTER_KEY is required" })
      .min(1, "LITELLM_MASTER_KEY is required")
      .refine((v) => v.startsWith("sk-"), "LITELLM_MASTER_KEY must start with sk- (LiteLLM requires it)"),
    LITELLM_PUBLIC_URL: optionalString.pipe(httpUrl("LITELLM_PUBLIC_URL").optional()),
    LITELLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
    LITELLM_TEST_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(60_000),
    DATABASE_URL: optionalString.refine(
      (v) => v === undefined || /^(postgres(ql)?:\/\/|pglite:|file:)/.test(v),
      "DATABASE_URL must be postgres://… (PostgreSQL) or pglite:<dir> (embedded)",
    ),
    PGLITE_DIR: optionalString,
    AUTH_SECRET: z
      .string({ error: "AUTH_SECRET is required (32+ random characters, e.g. `openssl rand -base64 32`)" })
      .min(32, "AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)"),
    AUTH_URL: httpUrl("AUTH_URL"),
    CONSOLE_ADMIN_PASSWORD_HASH: optionalString.refine(
      (v) => v === undefined || /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(v),
      "CONSOLE_ADMIN_PASSWORD_HASH must be a bcrypt hash ($2b$12$…); see README",
    ),
    CONSOLE_ALLOW_MASTER_KEY_LOGIN: bool,
    OPENSHIFT_API_URL: optionalString.pipe(httpUrl("OPENSHIFT_API_URL").optional()),
    OPENSHIFT_CLIENT_ID: optionalString,
    OPENSHIFT_CLIENT_SECRET: optionalString,
    // Issuers are compared byte-for-byte with the discovery document: keep a trailing slash.
    OIDC_ISSUER: optionalString.pipe(httpUrl("OIDC_ISSUER", true).optional()),
    OIDC_SCOPES: optionalString,
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_GROUPS_CLAIM: z.string().default("groups"),
    OIDC_DISPLAY_NAME: z.string().default("Single sign-on"),
    GROUP_BINDINGS_FILE: optionalString,
    /** A config.yaml / operator manifest / bundle the /config page compares the live proxy with (drift). */
    GATEHOUSE_CONFIG_FILE: optionalString,
    ALLOWED_API_BASE_HOSTS: csv,
    ALLOWED_API_BASE_CIDRS: csv,
    SESSION_MAX_AGE_HOURS: z.coerce.number().min(1).max(24).default(8),
    /** Reverse proxies in front of the console that append to X-Forwarded-For (the OpenShift router: 1). 0 = none. */
    TRUSTED_PROXY_COUNT: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === undefined || v === "" ? "0" : v))
      .pipe(z.string().regex(/^\d{1,2}$/, "TRUSTED_PROXY_COUNT must be a whole number from 0 to 10 (0 = no proxy in front)"))
      .transform(Number)
      .pipe(z.number().max(10, "TRUSTED_PROXY_COUNT must be a whole number from 0 to 10 (0 = no proxy in front)")),
  })
  .superRefine((env, ctx) => {
    if (env.OPENSHIFT_API_URL && (!env.OPENSHIFT_CLIENT_ID || !env.OPENSHIFT_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [!env.OPENSHIFT_CLIENT_ID ? "OPENSHIFT_CLIENT_ID" : "OPENSHIFT_CLIENT_SECRET"],
        message: "is required when OPENSHIFT_API_URL is set",
      });
    }
    if (env.OIDC_ISSUER && (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [!env.OIDC_CLIENT_ID ? "OIDC_CLIENT_ID" : "OIDC_CLIENT_SECRET"],
        message: "is required when OIDC_ISSUER is set",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable}: ${detail}`);
  }
}

/** Parses an environment record; throws EnvError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw envErrorFrom(result.error);
}

function envErrorFrom(error: z.ZodError): EnvError {
  const issue = error.issues[0]!;
  const variable = String(issue.path[0] ?? "environment");
  const message = issue.message.startsWith(variable) ? issue.message.slice(variable.length).replace(/^\s*/, "") : issue.message;
  return new EnvError(variable, message);
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests only: forget the cached environment. */
export function resetEnvForTests() {
  cached = undefined;
}

/** Where the embedded database lives, or the PostgreSQL URL. */
export function databaseTarget(env: Pick<Env, "DATABASE_URL" | "PGLITE_DIR">):
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dir: string } {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (url?.startsWith("pglite:")) return { kind: "pglite", dir: url.slice("pglite:".length) || "./data/pglite" };
  if (url?.startsWith("file:")) return { kind: "pglite", dir: url.slice("file:".length) };
  return { kind: "pglite", dir: env.PGLITE_DIR ?? "./data/pglite" };
}

/**
 * Facts about the process rather than the console's configuration; still read here so that this file
 * stays the only reader of process.env.
 */
export const processFacts = {
  /** `next dev` (React needs eval for its debugging tools, and HMR a websocket): the CSP allows them then only. */
  isDevelopment: (): boolean => process.env.NODE_ENV === "development",
  /** "nodejs" or "edge": which runtime Next is loading instrumentation in. */
  nextRuntime: (): string | undefined => process.env.NEXT_RUNTIME,
  /** CI sets CI=true; tests that need PostgreSQL must then fail rather than skip. */
  isCI: (): boolean => process.env.CI === "true",
  /** The PostgreSQL server tests create throwaway databases on (CI guarantees 127.0.0.1:5432). */
  testPostgresAdminUrl: (): string => process.env.GATEHOUSE_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  /** PATH, for tests that start child processes with an otherwise explicit environment. */
  path: (): string | undefined => process.env.PATH,
};

/**
 * The `gatehouse` CLI's environment: only what talking to LiteLLM (and optionally the console database) needs,
 * so a pipeline does not have to invent AUTH_SECRET and friends.
 */
export const cliEnvSchema = z.object({
  LITELLM_URL: httpUrl("LITELLM_URL"),
  LITELLM_MASTER_KEY: z.string({ error: "LITELLM_MASTER_KEY is required" }).min(1, "LITELLM_MASTER_KEY is required"),
  LITELLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(30_000),
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^(postgres(ql)?:\/\/|pglite:|file:)/.test(v),
    "DATABASE_URL must be postgres://… (PostgreSQL) or pglite:<dir> (embedded)",
  ),
  PGLITE_DIR: optionalString,
  ALLOWED_API_BASE_HOSTS: csv,
  ALLOWED_API_BASE_CIDRS: csv,
  GATEHOUSE_CONFIG_FILE: optionalString,
});
export type CliEnv = z.infer<typeof cliEnvSchema>;

/** Parses the CLI's environment; throws EnvError naming the first bad variable. */
export function parseCliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  const result = cliEnvSchema.safeParse(source);
  if (result.success) return result.data;
  throw envErrorFrom(result.error);
}
