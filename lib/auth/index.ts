import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { beginAudited, recordAudit, type AuditedWrite } from "@/lib/audit/service";
import { UnavailableError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { clearHits, latestHit, recentHits, recordHit } from "@/lib/rate-limit";
import { getLiteLLM } from "@/lib/litellm";
import { redact } from "@/lib/redact";
import { getRequestMeta, requestMetaFrom } from "@/lib/request-meta";
import {
  BREAK_GLASS_SESSION_SECONDS,
  BREAK_GLASS_USERNAME,
  KNOWN_ADDRESS_WINDOW_MS,
  SIGNIN_WINDOW_MS,
  breakGlassCredentialsSchema,
  knownAddressBucket,
  signInBucket,
  signInThrottle,
  userFailureBucket,
  verifyBreakGlass,
} from "./break-glass";
import { loadBindings } from "./bindings";
import { normaliseGroups, resolveAccess, type Access } from "./group-mapping";
import { discoverOpenShift, openshiftProvider } from "./openshift-provider";
import { oidcProvider } from "./oidc-provider";
import { breakGlassEnabled } from "./providers";
import { reconcileLiteLLMUser, withinBudget, type ReconcileResult } from "./reconcile";
import type { AuthProviderId, RequestMeta, SessionUser } from "./types";

export class RateLimitedSignin extends CredentialsSignin {
  code = "rate_limited";
}

/** The user had many failures from other addresses: attempts from new addresses wait (at most a minute). */
export class SlowedDownSignin extends CredentialsSignin {
  code = "slowed_down";
}

/** The sign-in could not be recorded, so it was refused: break-glass and SSO both end on this error page. */
export class AuditUnavailableSignin extends CredentialsSignin {
  code = "audit_unavailable";
}

/** Where an SSO sign-in goes when its audit intent cannot be written (`/auth-error` explains it). */
export const AUDIT_UNAVAILABLE_SIGNIN_PAGE = "/auth-error?error=AuditUnavailable";

/**
 * The write-ahead intent of one sign-in (a session is a grant, and SSO also writes the user into LiteLLM). Throws
 * UnavailableError when it cannot be written — break-glass as AuditUnavailableSignin — and the sign-in is refused.
 */
async function beginSignIn(call: { actor: { provider: string; username: string }; request: RequestMeta; input: Record<string, unknown> }): Promise<AuditedWrite> {
  try {
    return await beginAudited({ action: "signin", actor: call.actor, request: call.request, input: call.input });
  } catch (error) {
    if (error instanceof UnavailableError && call.actor.provider === "local") throw new AuditUnavailableSignin();
    throw error;
  }
}

/** Identity fields the providers' profile() and authorize() return, plus the computed access. */
interface SignInUser {
  id?: string;
  name?: string | null;
  username?: string;
  groups?: string[];
  access?: Access | null;
}

declare module "next-auth" {
  interface Session {
    user: SessionUser & { email?: string | null; image?: string | null };
  }
}

interface GatehouseToken {
  uid?: string;
  provider?: AuthProviderId;
  username?: string;
  displayName?: string;
  role?: SessionUser["role"];
  teams?: SessionUser["teams"];
  sessionExpiresAt?: number;
}

async function buildProviders(): Promise<Provider[]> {
  const env = getEnv();
  const providers: Provider[] = [];
  if (
    env.OPENSHIFT_API_URL &&
    env.OPENSHIFT_CLIENT_ID &&
    env.OPENSHIFT_CLIENT_SECRET
  ) {
    try {
      const metadata = await discoverOpenShift(env.OPENSHIFT_API_URL);
      providers.push(
        openshiftProvider({
          apiUrl: env.OPENSHIFT_API_URL,
          clientId: env.OPENSHIFT_CLIENT_ID,
          clientSecret: env.OPENSHIFT_CLIENT_SECRET,
          metadata,
        }) as Provider,
      );
    } catch (error) {
      logger.error("auth.openshift_discovery_failed", {
        apiUrl: env.OPENSHIFT_API_URL,
        error: (error as Error).message,
      });
    }
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push(
      oidcProvider({
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        groupsClaim: env.OIDC_GROUPS_CLAIM,
        displayName: env.OIDC_DISPLAY_NAME,
        scope: env.OIDC_SCOPES,
      }) as Provider,
    );
  }
  if (breakGlassEnabled()) {
    providers.push(
      Credentials({
        id: "local",
        name: "Break-glass admin",
        credentials: {
          username: { label: "Username" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, request) {
          const parsed = breakGlassCredentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const meta = requestMetaFrom(request.headers);
          const bucket = signInBucket(meta.ip, parsed.data.username);
          const actor = {
            provider: "local",
            username: parsed.data.username.slice(0, 100),
          };
          // Write-ahead: the intent first — no attempt is checked and no session granted unless it can be recorded
          // (fails closed); the throttle's refusal, a wrong password or the success completes it.
          const signIn = await beginSignIn({ actor, request: meta, input: { username: actor.username, breakGlass: true } });
          const ok = await signIn.run(async () => {
            // Per client address (the trusted proxy hop, not the client's claim) + username, and a per-username delay
            // for addresses that never signed in as this user (see signInThrottle).
            const userBucket = userFailureBucket(parsed.data.username);
            const [hits, userHits, userLatest, known] = await Promise.all([
              recentHits(bucket, SIGNIN_WINDOW_MS),
              recentHits(userBucket, SIGNIN_WINDOW_MS),
              latestHit(userBucket, SIGNIN_WINDOW_MS),
              meta.ip ? recentHits(knownAddressBucket(meta.ip, parsed.data.username), KNOWN_ADDRESS_WINDOW_MS) : null,
            ]);
            const throttle = signInThrottle({
              addressFailures: hits.count,
              addressOldestFailure: hits.oldest,
              userFailures: userHits.count,
              userLatestFailure: userLatest,
              knownAddress: (known?.count ?? 0) > 0,
              now: new Date(),
            });
            if (!throttle.allowed) {
              await recordAudit({
                actor,
                action: "signin",
                targetType: "session",
                outcome: "denied",
                request: meta,
                details: { reason: throttle.reason === "address_limit" ? "rate_limited" : "slowed_down", retryAfterSeconds: throttle.retryAfterSeconds },
              });
              const error = throttle.reason === "address_limit" ? new RateLimitedSignin() : new SlowedDownSignin();
              error.message = `Too many failed sign-in attempts. Try again in ${throttle.retryAfterSeconds} seconds.`;
              throw error;
            }
            const verified = await verifyBreakGlass(parsed.data, {
              passwordHash: env.CONSOLE_ADMIN_PASSWORD_HASH,
              allowMasterKey: env.CONSOLE_ALLOW_MASTER_KEY_LOGIN,
              masterKey: env.LITELLM_MASTER_KEY,
            });
            if (!verified) {
              await Promise.all([recordHit(bucket), recordHit(userBucket)]);
              await recordAudit({
                actor,
                action: "signin",
                targetType: "session",
                outcome: "failure",
                request: meta,
                details: { reason: "bad_credentials", breakGlass: true },
              });
              return false;
            }
            await clearHits(bucket);
            if (meta.ip) await recordHit(knownAddressBucket(meta.ip, BREAK_GLASS_USERNAME));
            await recordAudit({
              actor: { provider: "local", username: BREAK_GLASS_USERNAME },
              action: "signin",
              targetType: "session",
              outcome: "success",
              request: meta,
              details: { breakGlass: true },
            });
            return true;
          });
          if (!ok) return null;
          const user: SignInUser = {
            id: `local:${BREAK_GLASS_USERNAME}`,
            name: "Break-glass admin",
            username: BREAK_GLASS_USERNAME,
            access: { role: "admin", teams: [] },
          };
          return user as never;
        },
      }),
    );
  }
  return providers;
}

async function accessFor(user: SignInUser): Promise<Access | null> {
  if (user.access !== undefined) return user.access;
  const groups = normaliseGroups(user.groups ?? []);
  return resolveAccess(groups, await loadBindings());
}

/** How long a sign-in waits for the LiteLLM user sync before going ahead without it. */
const RECONCILE_BUDGET_MS = 5_000;

/** Auth.js errors that end a sign-in attempt (bad state, PKCE, code exchange, IdP errors, unreachable IdP). */
const SIGNIN_FAILURES = new Set(["CallbackRouteError", "InvalidCheck", "OAuthCallbackError", "OAuthSignInError", "OAuthProfileParseError", "AccessDenied", "InvalidProvider"]);

/** Unwraps Auth.js's `cause.err` chain to the first real reason, redacted and short. */
function failureReason(error: Error): { provider: string; reason: string } {
  const cause = (error as Error & { cause?: { err?: unknown; provider?: unknown } }).cause;
  const inner = cause?.err instanceof Error ? cause.err : null;
  const provider = typeof cause?.provider === "string" ? cause.provider : "unknown";
  return { provider, reason: redact((inner?.message ?? error.message ?? "").split("\n")[0] ?? "").slice(0, 200) };
}

/** Mirrors the person into LiteLLM; never throws and never waits longer than the budget. */
async function syncToLiteLLM(uid: string, displayName: string, access: Access, boundTeamIds: string[], actor: { provider: string; username: string }) {
  const work = reconcileLiteLLMUser(getLiteLLM(), { userId: uid, displayName, access, boundTeamIds }).catch(
    (error): ReconcileResult => ({ ok: false, userCreated: false, added: [], removed: [], downgraded: [], failures: [{ step: "sync", message: redact((error as Error).message) }] }),
  );
  const outcome = await withinBudget(work, RECONCILE_BUDGET_MS);
  const report = async (result: ReconcileResult) => {
    if (result.ok) return;
    logger.warn("auth.litellm_sync_failed", { user: uid, failures: result.failures });
    await recordAudit({ actor, action: "user.sync", targetType: "litellm_user", targetId: uid, outcome: "failure", details: { failures: result.failures } });
  };
  if (outcome.done) {
    await report(outcome.value);
    return outcome.value;
  }
  logger.warn("auth.litellm_sync_slow", { user: uid, budgetMs: RECONCILE_BUDGET_MS });
  void work.then(report);
  return null;
}

export async function buildAuthConfig(): Promise<NextAuthConfig> {
  const env = getEnv();
  const maxAge = env.SESSION_MAX_AGE_HOURS * 3600;
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge },
    pages: { signIn: "/login", error: "/auth-error" },
    providers: await buildProviders(),
    logger: {
      error: (error) => {
        // Class names are minified in production builds; Auth.js errors carry their kind in `type`.
        const type = (error as Error & { type?: string }).type ?? error.name;
        logger.error("auth.error", { type, message: error.message, ...failureReason(error) });
        // Break-glass failures (CredentialsSignin) are audited in authorize(); this covers the OAuth/OIDC flows.
        if (!SIGNIN_FAILURES.has(type)) return;
        const { provider, reason } = failureReason(error);
        void getRequestMeta().then((request) =>
          recordAudit({
            actor: { provider, username: "unknown" },
            action: "signin",
            targetType: "session",
            outcome: "failure",
            request,
            details: { reason: type, message: reason },
          }),
        );
      },
      warn: (code) => logger.warn("auth.warn", { code }),
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "local") return true;
        const signInUser = user as SignInUser;
        const actor = {
          provider: account.provider,
          username: signInUser.username ?? "unknown",
        };
        const request = await getRequestMeta();
        // Write-ahead: the intent before the bindings are read, the user is written into LiteLLM and a session is
        // granted; when it cannot be written the sign-in is refused on a clear error page (fails closed).
        let signIn: AuditedWrite;
        try {
          signIn = await beginSignIn({ actor, request, input: { username: actor.username, groups: signInUser.groups ?? [] } });
        } catch (error) {
          if (error instanceof UnavailableError) return AUDIT_UNAVAILABLE_SIGNIN_PAGE;
          throw error;
        }
        return signIn.run(async (): Promise<true | string> => {
          // Recomputed from the IdP's groups at every sign-in: leaving a group removes what it granted.
          const bindings = await loadBindings();
          const access = resolveAccess(normaliseGroups(signInUser.groups ?? []), bindings);
          signInUser.access = access;
          if (!access) {
            await recordAudit({
              actor,
              action: "signin",
              targetType: "session",
              outcome: "denied",
              request,
              details: {
                reason: "no_mapped_group",
                groups: signInUser.groups ?? [],
              },
            });
            return "/denied";
          }
          const boundTeamIds = [...new Set(bindings.flatMap((b) => (b.kind === "team" && b.teamId ? [b.teamId] : [])))];
          const sync = await syncToLiteLLM(`${account.provider}:${actor.username}`, signInUser.name ?? actor.username, access, boundTeamIds, actor);
          await recordAudit({
            actor,
            action: "signin",
            targetType: "session",
            outcome: "success",
            request,
            details: {
              role: access.role,
              teams: access.teams,
              litellm: sync
                ? { synced: sync.ok, userCreated: sync.userCreated, added: sync.added, removed: sync.removed, adminDowngraded: sync.downgraded }
                : { synced: "pending" },
            },
          });
          return true;
        });
      },
      async jwt({ token, user, account }) {
        const t = token as typeof token & GatehouseToken;
        if (user && account) {
          const signInUser = user as SignInUser;
          const access = await accessFor(signInUser);
          if (!access) return null;
          const provider = account.provider as AuthProviderId;
          t.provider = provider;
          t.username = signInUser.username ?? "unknown";
          t.uid = `${provider}:${t.username}`;
          t.displayName = signInUser.name ?? t.username;
          t.role = access.role;
          t.teams = access.teams;
          t.sessionExpiresAt =
            Date.now() +
            (provider === "local" ? BREAK_GLASS_SESSION_SECONDS : maxAge) *
              1000;
          // Keep the JWT small and free of identity-provider tokens.
          delete t.picture;
          delete t.email;
          return t;
        }
        if (!t.sessionExpiresAt || Date.now() > t.sessionExpiresAt) return null;
        return t;
      },
      async session({ session, token }) {
        const t = token as typeof token & GatehouseToken;
        session.user = {
          ...session.user,
          id: t.uid ?? "",
          provider: t.provider ?? "local",
          username: t.username ?? "",
          name: t.displayName ?? t.username ?? "",
          role: t.role ?? "viewer",
          teams: t.teams ?? [],
        };
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(async () =>
  buildAuthConfig(),
);

/** The signed-in user, or null. Every page, action and route handler checks this itself. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return {
    id: user.id,
    provider: user.provider,
    username: user.username,
    name: user.name ?? user.username,
    role: user.role,
    teams: user.teams,
  };
}
