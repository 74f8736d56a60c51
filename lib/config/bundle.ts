// The plan of a Gatehouse bundle against the console's stored consumer aliases, team policies and group bindings. Pure.
import { checkImport, type CheckIndex, type ConsumerAlias } from "@/lib/aliases/checks";
import { diffRegistry } from "@/lib/aliases/registry-format";
import type { GroupBinding } from "@/lib/auth/group-mapping";

import type { PlanFinding, PlanItem } from "./plan";
import type { BundleSpec, TeamPolicySpec } from "./spec";

/** A stored team_policies row as a bundle entry. */
export function policySpecFromRow(row: Omit<TeamPolicySpec, "defaultBudgetPeriod"> & { defaultBudgetPeriod: string | null }): TeamPolicySpec {
  const period = row.defaultBudgetPeriod;
  return {
    teamId: row.teamId,
    maxKeyBudgetUsd: row.maxKeyBudgetUsd,
    maxKeyDurationDays: row.maxKeyDurationDays,
    allowedModels: [...row.allowedModels].sort(),
    maxActiveKeysPerMember: row.maxActiveKeysPerMember,
    membersCanIssue: row.membersCanIssue,
    defaultBudgetPeriod: period === "daily" || period === "weekly" || period === "monthly" ? period : null,
  };
}

/** A stored group_bindings row as a binding. */
export function bindingFromRow(row: { group: string; kind: string; teamId: string; teamRole: string | null }): GroupBinding {
  return { group: row.group, kind: row.kind as GroupBinding["kind"], teamId: row.teamId || null, teamRole: (row.teamRole as GroupBinding["teamRole"]) ?? null };
}

export interface BundleState {
  consumers: ConsumerAlias[];
  policies: TeamPolicySpec[];
  /** Console-made bindings (the seed file's are not the console's to remove). */
  bindings: GroupBinding[];
  /** Bindings from GROUP_BINDINGS_FILE: already in effect, never removed by a bundle. */
  fileBindings: GroupBinding[];
}

const bindingKey = (b: GroupBinding) => `${b.kind}|${b.group}|${b.teamId ?? ""}|${b.teamRole ?? ""}`;
export const describeBinding = (b: GroupBinding) => (b.kind === "team" ? `${b.group} → team ${b.teamId} (${b.teamRole ?? "member"})` : `${b.group} → ${b.kind}`);

function item(partial: Omit<PlanItem, "needsConfirmation" | "action"> & { action?: PlanItem["action"] }): PlanItem {
  return { action: partial.intended, needsConfirmation: false, ...partial };
}

function policyChanges(before: TeamPolicySpec | undefined, after: TeamPolicySpec) {
  const fields = ["maxKeyBudgetUsd", "maxKeyDurationDays", "allowedModels", "maxActiveKeysPerMember", "membersCanIssue", "defaultBudgetPeriod"] as const;
  return fields
    .filter((f) => JSON.stringify(before?.[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => ({ field: f, before: before?.[f] ?? undefined, after: after[f] ?? undefined }));
}

/** Items for every entry of the bundle's sections; `prune` also removes stored entries a section does not list. */
export function planBundle(bundle: BundleSpec, state: BundleState, index: CheckIndex | null, prune: boolean): PlanItem[] {
  const items: PlanItem[] = [];
  if (bundle.sections.consumerAliases) {
    const diff = diffRegistry(state.consumers, bundle.consumerAliases);
    const findings = index ? checkImport(bundle.consumerAliases, index) : [];
    const forAlias = (a: ConsumerAlias): PlanFinding[] =>
      findings.filter((f) => f.alias === a.alias && (!f.related?.consumer || f.related.consumer === a.consumer)).map((f) => ({ severity: f.severity, rule: f.rule, message: f.message, fix: f.fix }));
    const key = (a: ConsumerAlias) => `consumer_alias:${a.consumer}/${a.alias}`;
    for (const a of diff.added) items.push(item({ key: key(a), kind: "consumer_alias", intended: "add", name: `${a.consumer} → ${a.alias}`, changes: [{ field: "kind", after: a.kind }, ...(a.dimension ? [{ field: "dimension", after: a.dimension }] : []), { field: "required", after: a.required }], findings: forAlias(a) }));
    for (const { before, after } of diff.changed) {
      const changes = (["kind", "dimension", "required", "teamId", "note"] as const).filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((f) => ({ field: f, before: before[f], after: after[f] }));
      items.push(item({ key: key(after), kind: "consumer_alias", intended: "change", name: `${after.consumer} → ${after.alias}`, changes, findings: forAlias(after) }));
    }
    for (const a of diff.unchanged) items.push(item({ key: key(a), kind: "consumer_alias", intended: "unchanged", name: `${a.consumer} → ${a.alias}`, changes: [], findings: [] }));
    if (prune) for (const a of diff.removed) items.push(item({ key: key(a), kind: "consumer_alias", intended: "remove", name: `${a.consumer} → ${a.alias}`, changes: [], findings: [] }));
  }
  if (bundle.sections.teamPolicies) {
    const stored = new Map(state.policies.map((p) => [p.teamId, p]));
    const listed = new Set<string>();
    for (const p of bundle.teamPolicies) {
      listed.add(p.teamId);
      const before = stored.get(p.teamId);
      const changes = policyChanges(before, p);
      items.push(item({ key: `team_policy:${p.teamId}`, kind: "team_policy", intended: !before ? "add" : changes.length ? "change" : "unchanged", name: `team ${p.teamId}`, changes: before && !changes.length ? [] : changes, findings: [] }));
    }
    if (prune) for (const p of state.policies) if (!listed.has(p.teamId)) items.push(item({ key: `team_policy:${p.teamId}`, kind: "team_policy", intended: "remove", name: `team ${p.teamId}`, changes: [], findings: [] }));
  }
  if (bundle.sections.groupBindings) {
    const present = new Set([...state.bindings, ...state.fileBindings].map(bindingKey));
    const wanted = new Set(bundle.groupBindings.map(bindingKey));
    for (const b of bundle.groupBindings) {
      items.push(item({ key: `group_binding:${bindingKey(b)}`, kind: "group_binding", intended: present.has(bindingKey(b)) ? "unchanged" : "add", name: describeBinding(b), changes: [], findings: [] }));
    }
    if (prune) for (const b of state.bindings) if (!wanted.has(bindingKey(b))) items.push(item({ key: `group_binding:${bindingKey(b)}`, kind: "group_binding", intended: "remove", name: describeBinding(b), changes: [], findings: [] }));
  }
  for (const i of items) {
    const blocks = i.findings.some((f) => f.severity === "block");
    i.action = blocks && i.intended !== "unchanged" ? "blocked" : i.intended;
    i.needsConfirmation = !blocks && i.intended !== "unchanged" && i.findings.some((f) => f.severity === "confirm");
  }
  return items;
}
