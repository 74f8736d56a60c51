import type { ConsoleRole, TeamRole } from "./group-mapping";

export type { ConsoleRole, TeamRole };
export type AuthProviderId = "local" | "openshift" | "oidc";

/** What the console knows about the signed-in person, snapshotted at sign-in into the JWT. */
export interface SessionUser {
  /** `<provider>:<username>`, also the LiteLLM user_id. */
  id: string;
  provider: AuthProviderId;
  username: string;
  name: string;
  role: ConsoleRole;
  teams: { teamId: string; role: TeamRole }[];
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
