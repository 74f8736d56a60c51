// In-memory "database" of the LiteLLM sandbox and its JSON persistence (atomic tmp + rename, debounced).
import fs from "node:fs";
import path from "node:path";
import { KeyStore, type KeyRow } from "./key-store";
import { SpendStore, type PersistedSpend } from "./spend-store";

/** §2.1 `LiteLLM_ProxyModelTable`, plus sandbox flags. */
export interface ModelRow {
  model_id: string;
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
  blocked: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  /** A config.yaml model: `db_model: false`, cannot be edited or deleted (§8.5). */
  config?: boolean;
  /** Bulk-seeded (memory only, never persisted). */
  seeded?: boolean;
}

/** §2.2 credential row; values are kept in plaintext here and masked on the way out. */
export interface CredentialRow {
  credential_name: string;
  credential_values: Record<string, unknown>;
  credential_info: Record<string, unknown>;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface Member {
  role: "admin" | "user";
  user_id: string | null;
  user_email: string | null;
}

/** §2.5 `LiteLLM_TeamTable` (subset that the console reads). */
export interface TeamRow {
  team_id: string;
  team_alias: string | null;
  organization_id: string | null;
  admins: string[];
  members: string[];
  members_with_roles: Member[];
  team_member_permissions: string[];
  metadata: Record<string, unknown>;
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_budget: number | null;
  soft_budget: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  models: string[];
  blocked: boolean;
  spend: number;
  max_parallel_requests: number | null;
  model_spend: Record<string, number>;
  model_max_budget: Record<string, unknown>;
  model_id: number | null;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

export interface UserRow {
  user_id: string;
  user_alias: string | null;
  user_email: string | null;
  user_role: string;
  teams: string[];
  max_budget: number | null;
  spend: number;
  models: string[];
  tpm_limit: number | null;
  rpm_limit: number | null;
  max_parallel_requests: number | null;
  budget_duration: string | null;
  budget_reset_at: string | null;
  metadata: Record<string, unknown>;
  sso_user_id: string | null;
  organization_memberships: unknown[];
  model_spend: Record<string, number>;
  model_max_budget: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

export interface MembershipRow {
  user_id: string;
  team_id: string;
  budget_id: string | null;
  spend: number;
  max_budget_in_team: number | null;
}

interface PersistedState {
  format: 1;
  models: ModelRow[];
  credentials: CredentialRow[];
  keys: KeyRow[];
  deletedKeys: KeyRow[];
  teams: TeamRow[];
  users: UserRow[];
  memberships: MembershipRow[];
  spend?: PersistedSpend;
}

export class Store {
  models = new Map<string, ModelRow>();
  credentials = new Map<string, CredentialRow>();
  teams = new Map<string, TeamRow>();
  users = new Map<string, UserRow>();
  memberships: MembershipRow[] = [];
  keys = new KeyStore();
  /** The spend log and daily tables; persisted with the rest (the server shares its instance). */
  spend = new SpendStore();
  /** Bumped on every model change so ordered views can be cached. */
  modelsVersion = 0;
  private modelArray: ModelRow[] = [];
  private modelArrayVersion = -1;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;

  constructor(private readonly file: string | null) {}

  /** Deployments in router order (insertion order). */
  modelList(): ModelRow[] {
    if (this.modelArrayVersion !== this.modelsVersion) {
      this.modelArray = [...this.models.values()];
      this.modelArrayVersion = this.modelsVersion;
    }
    return this.modelArray;
  }

  putModel(m: ModelRow) {
    this.models.set(m.model_id, m);
    this.modelsVersion++;
    this.changed();
  }

  deleteModel(id: string) {
    this.models.delete(id);
    this.modelsVersion++;
    this.changed();
  }

  membership(teamId: string, userId: string): MembershipRow | undefined {
    return this.memberships.find((m) => m.team_id === teamId && m.user_id === userId);
  }

  /** True when the state file existed and was loaded. */
  load(): boolean {
    if (!this.file || !fs.existsSync(this.file)) return false;
    const data = JSON.parse(fs.readFileSync(this.file, "utf8")) as PersistedState;
    this.models = new Map(data.models.map((m) => [m.model_id, m]));
    this.credentials = new Map(data.credentials.map((c) => [c.credential_name, c]));
    this.teams = new Map(data.teams.map((t) => [t.team_id, t]));
    this.users = new Map(data.users.map((u) => [u.user_id, u]));
    this.memberships = data.memberships ?? [];
    this.keys.load(data.keys, data.deletedKeys ?? []);
    this.spend.load(data.spend);
    this.modelsVersion++;
    return true;
  }

  clear() {
    this.models.clear();
    this.credentials.clear();
    this.teams.clear();
    this.users.clear();
    this.memberships = [];
    this.keys = new KeyStore();
    this.spend.clear();
    this.modelsVersion++;
    this.changed();
  }

  /** Mark state as modified; written within 200 ms. */
  changed() {
    if (!this.file) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 200);
    this.timer.unref?.();
  }

  flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    const data: PersistedState = {
      format: 1,
      models: [...this.models.values()].filter((m) => !m.seeded),
      credentials: [...this.credentials.values()],
      keys: this.keys.persistedRows(),
      deletedKeys: this.keys.deleted,
      teams: [...this.teams.values()],
      users: [...this.users.values()],
      memberships: this.memberships,
      spend: this.spend.persisted(),
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, this.file);
  }
}
