/**
 * "Why is this key denied?": LiteLLM's checks on an LLM call, in the order the proxy makes them, as pure rules over
 * what LiteLLM's admin API tells us (the key, its team, its user, the model group). Each check says whether it
 * passed, the value that decided it, and the fix — the same rules the sandbox's data plane enforces
 * (sandbox/litellm/routes/data-plane.ts; one test drives both: lib/explain/agreement.sandbox.test.ts).
 */

export type CheckId =
  | "key-exists"
  | "key-blocked"
  | "key-expired"
  | "key-budget"
  | "team-blocked"
  | "team-budget"
  | "user-budget"
  | "key-models"
  | "team-models"
  | "model-exists"
  | "rate-limits";

export type CheckStatus = "passed" | "failed" | "not-checked" | "info";

export type FixTarget = "key" | "team" | "models" | "new-model";

export interface ExplainCheck {
  id: CheckId;
  label: string;
  status: CheckStatus;
  /** The value that decided it, in words ("spend 12.40 USD of 10.00 USD"). */
  detail: string;
  /** What resolves a failure, in words; the link is added by the service within the viewer's rights. */
  fix: string | null;
  fixTarget: FixTarget | null;
  /** LiteLLM's own answer for this failure (the message a consumer sees), when it fails. */
  litellmSays: string | null;
}

export interface ExplainKey {
  token: string;
  alias: string | null;
  blocked: boolean;
  /** ISO timestamp or null (never expires). */
  expires: string | null;
  spend: number;
  maxBudget: number | null;
  budgetDuration: string | null;
  budgetResetAt: string | null;
  models: string[];
  teamId: string | null;
  userId: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxParallelRequests: number | null;
}

export interface ExplainTeam {
  teamId: string;
  alias: string | null;
  blocked: boolean;
  spend: number;
  maxBudget: number | null;
  models: string[];
}

export interface ExplainUser {
  userId: string;
  spend: number;
  maxBudget: number | null;
}

export interface ExplainModelGroup {
  /** The public name consumers call. */
  name: string;
  /** Deployments LiteLLM routes to (not blocked). */
  deployments: number;
  blockedDeployments: number;
  /** Access groups the group's deployments belong to. */
  accessGroups: string[];
}

export interface ExplainFacts {
  /** null: LiteLLM has no key with that id. */
  key: ExplainKey | null;
  /** null: the key has no team, or LiteLLM lost it. */
  team: ExplainTeam | null;
  user: ExplainUser | null;
  /** The model asked about; null: LiteLLM has no model group of that name. */
  model: ExplainModelGroup | null;
  modelName: string;
  /** Access group → model names, for key and team `models` entries that name a group. */
  accessGroups: ReadonlyMap<string, ReadonlySet<string>>;
  now: number;
}

export interface Explanation {
  checks: ExplainCheck[];
  /** The first failing check: what LiteLLM answers the consumer with. */
  deniedBy: CheckId | null;
  verdict: string;
}

const ORDER: CheckId[] = [
  "key-exists",
  "key-blocked",
  "key-expired",
  "key-budget",
  "team-blocked",
  "team-budget",
  "user-budget",
  "key-models",
  "team-models",
  "model-exists",
  "rate-limits",
];

const LABELS: Record<CheckId, string> = {
  "key-exists": "Key exists",
  "key-blocked": "Key is not blocked",
  "key-expired": "Key has not expired",
  "key-budget": "Key is within its budget",
  "team-blocked": "Team is not blocked",
  "team-budget": "Team is within its budget",
  "user-budget": "User is within their budget",
  "key-models": "Key may call the model",
  "team-models": "Team may call the model",
  "model-exists": "Model exists and has a deployment to route to",
  "rate-limits": "Rate and parallel-request limits",
};

/** How a failure reads in the verdict. */
const DENIALS: Record<CheckId, string> = {
  "key-exists": "LiteLLM does not know this key",
  "key-blocked": "the key is blocked",
  "key-expired": "the key has expired",
  "key-budget": "the key has used up its budget",
  "team-blocked": "the key's team is blocked or missing",
  "team-budget": "the key's team has used up its budget",
  "user-budget": "the key's user has used up their budget",
  "key-models": "the key may not call this model",
  "team-models": "the key's team may not call this model",
  "model-exists": "LiteLLM has no deployment of this model to route to",
  "rate-limits": "a rate limit of zero",
};

export function usd(amount: number): string {
  return `${amount.toFixed(amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2)} USD`;
}

function globMatch(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(name);
}

/** LiteLLM's reading of a key's or team's `models` (CONTRACT §3.7): which entry lets `model` through, if any. */
export function allowingEntry(
  list: readonly string[],
  model: string,
  groups: ReadonlyMap<string, ReadonlySet<string>>,
  teamList: readonly string[] | null,
): string | null {
  if (list.length === 0) {
    if (!teamList) return "(empty: every model)";
    return allowingEntry(teamList, model, groups, null) ? "(empty: the team's models)" : null;
  }
  for (const entry of list) {
    if (entry === "all-proxy-models") return entry;
    if (entry === "all-team-models") {
      if (!teamList || allowingEntry(teamList, model, groups, null)) return entry;
      continue;
    }
    if (globMatch(entry, model)) return entry;
    if (groups.get(entry)?.has(model)) return `${entry} (access group)`;
  }
  return null;
}

function check(
  id: CheckId,
  status: CheckStatus,
  detail: string,
  fix: string | null = null,
  fixTarget: FixTarget | null = null,
  litellmSays: string | null = null,
): ExplainCheck {
  return { id, label: LABELS[id], status, detail, fix, fixTarget, litellmSays };
}

function preview(list: readonly string[]): string {
  if (list.length === 0) return "none listed";
  const shown = list.slice(0, 6).join(", ");
  return list.length > 6 ? `${shown} and ${list.length - 6} more` : shown;
}

/** Walks LiteLLM's checks in order; after the first failure the rest are still evaluated, so every problem shows. */
export function explainAccess(facts: ExplainFacts): Explanation {
  const { key, team, user, model, modelName, accessGroups, now } = facts;
  const checks: ExplainCheck[] = [];

  if (!key) {
    checks.push(
      check(
        "key-exists",
        "failed",
        "LiteLLM has no key with that id: it was deleted, never existed, or the pasted value is not the whole key.",
        "Issue a new key, or check that the consumer uses the key they were given.",
        null,
        "Authentication Error, Invalid proxy server token passed.",
      ),
    );
    for (const id of ORDER.slice(1)) checks.push(check(id, "not-checked", "Not checked: there is no key to check."));
    return finish(checks);
  }
  checks.push(check("key-exists", "passed", `Found ${key.alias ? `"${key.alias}"` : "the key"} (${key.token.slice(0, 12)}…).`));

  checks.push(
    key.blocked
      ? check("key-blocked", "failed", "The key is blocked.", "Unblock the key.", "key", "Authentication Error, Key is blocked.")
      : check("key-blocked", "passed", "The key is not blocked."),
  );

  const expiresMs = key.expires ? Date.parse(key.expires) : null;
  checks.push(
    expiresMs === null
      ? check("key-expired", "passed", "The key never expires.")
      : expiresMs < now
        ? check(
            "key-expired",
            "failed",
            `The key expired at ${key.expires}.`,
            "Extend the key's expiry, or issue a new key.",
            "key",
            "Authentication Error - Expired Key.",
          )
        : check("key-expired", "passed", `The key expires at ${key.expires}.`),
  );

  if (key.maxBudget === null) checks.push(check("key-budget", "passed", `No budget set (spend ${usd(key.spend)}).`));
  else {
    const period = key.budgetDuration
      ? ` The budget resets every ${key.budgetDuration}${key.budgetResetAt ? `, next at ${key.budgetResetAt}` : ""}.`
      : " It is a lifetime budget (no reset period).";
    checks.push(
      key.spend >= key.maxBudget
        ? check(
            "key-budget",
            "failed",
            `Spend ${usd(key.spend)} has reached the budget of ${usd(key.maxBudget)}.${period}`,
            key.budgetDuration ? "Raise the key's budget, or wait for the reset." : "Raise the key's budget.",
            "key",
            "Budget has been exceeded!",
          )
        : check("key-budget", "passed", `Spend ${usd(key.spend)} of ${usd(key.maxBudget)}.${period}`),
    );
  }

  if (!key.teamId) {
    checks.push(check("team-blocked", "passed", "The key belongs to no team."));
    checks.push(check("team-budget", "passed", "The key belongs to no team."));
  } else if (!team) {
    checks.push(
      check(
        "team-blocked",
        "failed",
        `The key's team ${key.teamId} does not exist in LiteLLM any more.`,
        "Re-create the team, or issue a key for an existing team.",
        null,
        "Team doesn't exist in db.",
      ),
    );
    checks.push(check("team-budget", "not-checked", "Not checked: the team is missing."));
  } else {
    const name = team.alias ?? team.teamId;
    checks.push(
      team.blocked
        ? check("team-blocked", "failed", `Team ${name} is blocked.`, "Unblock the team.", "team", `Team=${team.teamId} is blocked.`)
        : check("team-blocked", "passed", `Team ${name} is not blocked.`),
    );
    checks.push(
      team.maxBudget === null
        ? check("team-budget", "passed", `Team ${name} has no budget (spend ${usd(team.spend)}).`)
        : team.spend >= team.maxBudget
          ? check(
              "team-budget",
              "failed",
              `Team ${name} has spent ${usd(team.spend)} of its ${usd(team.maxBudget)} budget.`,
              "Raise the team's budget in LiteLLM, or wait for its reset.",
              "team",
              "Budget has been exceeded! Team=…",
            )
          : check("team-budget", "passed", `Team ${name} has spent ${usd(team.spend)} of ${usd(team.maxBudget)}.`),
    );
  }

  if (!key.userId) checks.push(check("user-budget", "passed", "The key belongs to no user."));
  else if (!user || user.maxBudget === null) checks.push(check("user-budget", "passed", `User ${key.userId} has no budget of their own.`));
  else
    checks.push(
      user.spend >= user.maxBudget
        ? check(
            "user-budget",
            "failed",
            `User ${key.userId} has spent ${usd(user.spend)} of their ${usd(user.maxBudget)} budget.`,
            "Raise the user's budget in LiteLLM.",
            null,
            "Budget has been exceeded! User=…",
          )
        : check("user-budget", "passed", `User ${key.userId} has spent ${usd(user.spend)} of ${usd(user.maxBudget)}.`),
    );

  const teamList = team ? team.models : null;
  const keyEntry = allowingEntry(key.models, modelName, accessGroups, teamList);
  checks.push(
    keyEntry
      ? check("key-models", "passed", `Allowed by ${keyEntry}.`)
      : check(
          "key-models",
          "failed",
          `The key may call ${preview(key.models.length ? key.models : (teamList ?? []))}; ${modelName} is not among them${key.models.length === 0 ? " (the key inherits its team's models)" : ""}.`,
          key.models.length === 0
            ? "Add the model to the team's models."
            : "Add the model (or an access group holding it) to the key's models.",
          key.models.length === 0 ? "team" : "key",
          "Authentication Error, API Key not allowed to access model.",
        ),
  );

  if (!teamList || teamList.length === 0 || key.models.includes("all-proxy-models")) {
    checks.push(
      check(
        "team-models",
        "passed",
        !teamList
          ? "The key belongs to no team."
          : teamList.length === 0
            ? "The team allows every model."
            : "The key may call every proxy model.",
      ),
    );
  } else {
    const teamEntry = allowingEntry(teamList, modelName, accessGroups, null);
    checks.push(
      teamEntry
        ? check("team-models", "passed", `Team allows it through ${teamEntry}.`)
        : check(
            "team-models",
            "failed",
            `Team ${team!.alias ?? team!.teamId} may call ${preview(teamList)}; ${modelName} is not among them.`,
            "Add the model to the team's models.",
            "team",
            "Authentication Error, API Key not allowed to access model.",
          ),
    );
  }

  if (!model) {
    checks.push(
      check(
        "model-exists",
        "failed",
        `LiteLLM has no model named ${modelName}.`,
        "Add a deployment with this public name, or use a name LiteLLM lists.",
        "new-model",
        `Invalid model name passed in model=${modelName}.`,
      ),
    );
  } else if (model.deployments === 0) {
    checks.push(
      check(
        "model-exists",
        "failed",
        `${modelName} has ${model.blockedDeployments} deployment${model.blockedDeployments === 1 ? "" : "s"}, all blocked: LiteLLM has nothing to route to.`,
        "Unblock a deployment of this model.",
        "models",
        `Invalid model name passed in model=${modelName}.`,
      ),
    );
  } else {
    const blocked = model.blockedDeployments ? ` (${model.blockedDeployments} blocked)` : "";
    checks.push(
      check("model-exists", "passed", `${model.deployments} deployment${model.deployments === 1 ? "" : "s"} to route to${blocked}.`),
    );
  }

  const limits = [
    key.rpmLimit != null ? `${key.rpmLimit} requests/min` : null,
    key.tpmLimit != null ? `${key.tpmLimit} tokens/min` : null,
    key.maxParallelRequests != null ? `${key.maxParallelRequests} parallel requests` : null,
  ].filter(Boolean);
  checks.push(
    limits.length === 0
      ? check("rate-limits", "passed", "The key has no rate or parallel-request limits.")
      : check(
          "rate-limits",
          key.rpmLimit === 0 || key.tpmLimit === 0 || key.maxParallelRequests === 0 ? "failed" : "info",
          `Limits: ${limits.join(", ")}. LiteLLM answers 429 while a limit is crossed; its live counters are not exposed, so this is read, not proven.`,
          "Raise the limit on the key if consumers hit 429.",
          "key",
          key.rpmLimit === 0 || key.tpmLimit === 0 || key.maxParallelRequests === 0 ? "Rate limit exceeded (429)." : null,
        ),
  );
  return finish(checks);
}

function finish(checks: ExplainCheck[]): Explanation {
  const first = checks.find((c) => c.status === "failed");
  const failures = checks.filter((c) => c.status === "failed").length;
  return {
    checks,
    deniedBy: first?.id ?? null,
    verdict: first
      ? `Denied: ${DENIALS[first.id]}.${failures > 1 ? ` ${failures - 1} more check${failures > 2 ? "s" : ""} would fail after it.` : ""}`
      : "Allowed: every check LiteLLM makes passes for this key and model.",
  };
}
