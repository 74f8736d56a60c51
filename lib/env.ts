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

const databaseEnvShape = {
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^(postgres(ql)?:\/\/|pglite:|file:)/.test(v),
    "DATABASE_URL must be postgres://… (PostgreSQL) or pglite:<dir> (embedded)",
  ),
  PGLITE_DIR: optionalString,
};

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
    /** How often each replica asks LiteLLM what changed (the deployment index's staleness bound). */
    DEPLOYMENT_INDEX_REFRESH_MS: z.coerce.number().int().min(1_000).max(300_000).default(10_000),
    /** How often each replica re-reads every deployment page by page (catches deletions and config models). */
    DEPLOYMENT_INDEX_FULL_SYNC_MS: z.coerce.number().int().min(10_000).max(3_600_000).default(300_000),
    ...databaseEnvShape,
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
    // Scheduler (lib/notify): key index refresh, notification rules and deliveries, once per tick across replicas.
    SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** "off" when a CronJob runs `npx gatehouse notify --once` instead of the in-server scheduler. */
    SCHEDULER: z.enum(["on", "off"]).default("on"),
    KEY_INDEX_RECONCILE_PAGES: z.coerce.number().int().min(1).max(1000).default(20),
    KEY_INDEX_RECONCILE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    /** IANA time zone the notices write dates in, next to the exact UTC time (default UTC). */
    NOTIFY_TIME_ZONE: z
      .string()
      .default("UTC")
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en-GB", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "NOTIFY_TIME_ZONE must be an IANA time zone, e.g. Europe/Berlin"),
    AUDIT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
    /** Pending intents younger than this are not reconciled yet (default: twice the LiteLLM timeout + 5 s). */
    AUDIT_RECONCILE_GRACE_MS: z.coerce.number().int().min(1_000).max(3_600_000).optional(),
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

/** The database alone (the CLI needs nothing else): throws EnvError naming a malformed DATABASE_URL. */
export function databaseTargetFromEnvironment() {
  const result = z.object(databaseEnvShape).safeParse(process.env);
  if (!result.success) throw new EnvError(String(result.error.issues[0]?.path[0] ?? "DATABASE_URL"), result.error.issues[0]?.message ?? "invalid");
  return databaseTarget(result.data);
}

export const migrationEnvSchema = z.object({
  ...databaseEnvShape,
  /** "true": apply migrations (and the app role's grants), then exit — the deploy's migration step, run as the owner role. */
  GATEHOUSE_MIGRATE_ONLY: bool,
  /** The runtime role the migration step grants INSERT/SELECT-only audit access to (PostgreSQL). */
  GATEHOUSE_APP_ROLE: optionalString.refine((v) => v === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(v), "must be a plain PostgreSQL role name"),
});

/**
 * The migration step's settings, read without the rest of the configuration (the migration init container needs
 * no LiteLLM or sign-in settings). Throws EnvError naming a malformed variable.
 */
export function migrationSettings() {
  const result = migrationEnvSchema.safeParse(process.env);
  if (!result.success) throw new EnvError(String(result.error.issues[0]?.path[0] ?? "DATABASE_URL"), result.error.issues[0]?.message ?? "invalid");
  return { migrateOnly: result.data.GATEHOUSE_MIGRATE_ONLY, appRole: result.data.GATEHOUSE_APP_ROLE, target: databaseTarget(result.data) };
}

/** How long a pending audit intent is left to its own request before the reconciler asks LiteLLM. */
export function reconcileGraceMs(env: Pick<Env, "AUDIT_RECONCILE_GRACE_MS" | "LITELLM_TIMEOUT_MS">): number {
  return env.AUDIT_RECONCILE_GRACE_MS ?? env.LITELLM_TIMEOUT_MS * 2 + 5_000;
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

/**
 * `gatehouse config apply` with the console's database runs the console's own services (the same applyConfig as
 * /config: registry import, team policies, bindings, the audit log), which read the console's configuration. This
 * makes getEnv() answer from the CLI's settings; the sign-in settings, which the CLI never uses, get throwaway values
 * when absent. Returns a function that puts the previous configuration back.
 */
export function installCliEnvForServices(cli: CliEnv): () => void {
  const previous = cached;
  cached = parseEnv({
    ...process.env,
    LITELLM_URL: cli.LITELLM_URL,
    LITELLM_MASTER_KEY: cli.LITELLM_MASTER_KEY,
    LITELLM_TIMEOUT_MS: String(cli.LITELLM_TIMEOUT_MS),
    DATABASE_URL: cli.DATABASE_URL,
    PGLITE_DIR: cli.PGLITE_DIR,
    ALLOWED_API_BASE_HOSTS: cli.ALLOWED_API_BASE_HOSTS.join(","),
    ALLOWED_API_BASE_CIDRS: cli.ALLOWED_API_BASE_CIDRS.join(","),
    GATEHOUSE_CONFIG_FILE: cli.GATEHOUSE_CONFIG_FILE,
    AUTH_SECRET: process.env.AUTH_SECRET ?? Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join(""),
    AUTH_URL: process.env.AUTH_URL ?? "http://localhost:3000",
  });
  return () => {
    cached = previous;
  };
}

/** Parses the CLI's environment; throws EnvError naming the first bad variable. */
export function parseCliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  const result = cliEnvSchema.safeParse(source);
  if (result.success) return result.data;
  throw envErrorFrom(result.error);
}
