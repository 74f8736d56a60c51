import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { loadBindings, type StoredBinding } from "@/lib/auth/bindings";
import { parseBindingsFile, serialiseBindings } from "@/lib/auth/bindings-file";
import { requireTier } from "@/lib/auth/permissions";
import { breakGlassEnabled } from "@/lib/auth/providers";
import { prisma } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { getLiteLLM, isNotFound } from "@/lib/litellm";
import type { SessionUser } from "@/lib/auth/types";
import type { ActionContext } from "@/lib/safe-action";
import type { GroupBinding } from "@/lib/auth/group-mapping";
import { describeGrant, type CreateBinding, type DeleteBindingInput } from "./schemas";

const actorOf = (ctx: ActionContext) => ({ provider: ctx.user.provider, username: ctx.user.username });

/** Identity of a binding: the same group may grant several things, but each thing once. */
export function bindingKey(b: Pick<GroupBinding, "group" | "kind" | "teamId">): string {
  return `${b.kind}|${b.group}|${b.kind === "team" ? (b.teamId ?? "") : ""}`;
}

/** Team ids (of team bindings) that LiteLLM does not know. Throws UpstreamError when LiteLLM cannot answer. */
async function unknownTeams(teamIds: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const teamId of new Set(teamIds)) {
    try {
      await getLiteLLM().teams.info(teamId);
    } catch (error) {
      if (isNotFound(error)) missing.push(teamId);
      else throw error;
    }
  }
  return missing;
}

/** Would removing `removed` leave nobody able to administer the console? */
export function leavesNoAdmin(all: Pick<StoredBinding, "kind" | "id">[], removedIds: Set<string>, breakGlass: boolean): boolean {
  if (breakGlass) return false;
  return !all.some((b) => b.kind === "admin" && !(b.id && removedIds.has(b.id)));
}

export async function listBindings(): Promise<StoredBinding[]> {
  return loadBindings();
}

export async function createBinding({ ctx, input }: { ctx: ActionContext; input: CreateBinding }): Promise<StoredBinding> {
  requireTier(ctx.user, "admin");
  const binding: GroupBinding = {
    group: input.group,
    kind: input.kind,
    teamId: input.kind === "team" ? input.teamId : null,
    teamRole: input.kind === "team" ? input.teamRole : null,
  };
  const existing = await loadBindings();
  const clash = existing.find((b) => bindingKey(b) === bindingKey(binding));
  if (clash) {
    throw new ConflictError(
      `Group ${binding.group} already grants ${describeGrant(clash)}${clash.source === "file" ? " (from the seed file)" : ""}. Delete that binding first to change it.`,
    );
  }
  if (binding.kind === "team" && (await unknownTeams([binding.teamId!])).length > 0) {
    throw new ValidationError(`LiteLLM has no team ${binding.teamId}.`, { teamId: [`LiteLLM has no team ${binding.teamId}. Create it on the Teams page first.`] });
  }
  const db = await prisma();
  const row = await db.groupBinding.create({
    data: { group: binding.group, kind: binding.kind, teamId: binding.teamId ?? "", teamRole: binding.teamRole ?? null, source: "console", createdBy: ctx.user.id },
  });
  await recordAudit({
    actor: actorOf(ctx),
    action: "binding.create",
    targetType: "group_binding",
    targetId: binding.group,
    teamId: binding.teamId ?? null,
    outcome: "success",
    request: ctx.request,
    details: { group: binding.group, kind: binding.kind, teamId: binding.teamId, teamRole: binding.teamRole },
  });
  return { ...binding, id: row.id, source: "console" };
}

export async function deleteBinding({ ctx, input }: { ctx: ActionContext; input: DeleteBindingInput }): Promise<{ id: string }> {
  requireTier(ctx.user, "admin");
  const db = await prisma();
  const row = await db.groupBinding.findUnique({ where: { id: input.id } });
  if (!row) throw new NotFoundError("That binding no longer exists. Reload the page.");
  if (row.kind === "admin" && leavesNoAdmin(await loadBindings(), new Set([row.id]), breakGlassEnabled())) {
    throw new ConflictError(`Group ${row.group} is the last admin binding and break-glass sign-in is off: deleting it would lock every admin out.`);
  }
  await db.groupBinding.delete({ where: { id: row.id } });
  await recordAudit({
    actor: actorOf(ctx),
    action: "binding.delete",
    targetType: "group_binding",
    targetId: row.group,
    teamId: row.teamId || null,
    outcome: "success",
    request: ctx.request,
    details: { group: row.group, kind: row.kind, teamId: row.teamId || null, teamRole: row.teamRole },
  });
  return { id: row.id };
}

export interface ImportResult {
  added: number;
  removed: number;
  unchanged: number;
}

/** Loads bindings from the seed-file YAML format. `replace` swaps every console binding; the seed file stays. */
export async function importBindings({ ctx, input }: { ctx: ActionContext; input: { yaml: string; mode: "merge" | "replace" } }): Promise<ImportResult> {
  requireTier(ctx.user, "admin");
  let parsed: GroupBinding[];
  try {
    parsed = parseBindingsFile(input.yaml);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.message, { yaml: [error.message] });
    throw error;
  }
  const missing = await unknownTeams(parsed.filter((b) => b.kind === "team").map((b) => b.teamId!));
  if (missing.length > 0) {
    const message = `LiteLLM has no team ${missing.join(", ")}. Create the team${missing.length > 1 ? "s" : ""} first.`;
    throw new ValidationError(message, { yaml: [message] });
  }
  const current = await loadBindings();
  const consoleRows = current.filter((b) => b.source === "console");
  const wanted = new Set(parsed.map(bindingKey));
  const present = new Set((input.mode === "replace" ? current.filter((b) => b.source === "file") : current).map(bindingKey));
  const toRemove = input.mode === "replace" ? consoleRows.filter((b) => !wanted.has(bindingKey(b))) : [];
  const keep = new Set(consoleRows.filter((b) => wanted.has(bindingKey(b))).map(bindingKey));
  const toAdd = parsed.filter((b) => !present.has(bindingKey(b)) && !keep.has(bindingKey(b)));
  const remaining = [...current.filter((b) => !toRemove.includes(b)), ...toAdd];
  if (leavesNoAdmin(remaining, new Set(), breakGlassEnabled())) {
    throw new ValidationError("This would leave no admin group and break-glass sign-in is off.", { yaml: ["Add at least one adminGroups entry."] });
  }
  const db = await prisma();
  await db.$transaction([
    db.groupBinding.deleteMany({ where: { id: { in: toRemove.map((b) => b.id!).filter(Boolean) } } }),
    db.groupBinding.createMany({
      data: toAdd.map((b) => ({ group: b.group, kind: b.kind, teamId: b.teamId ?? "", teamRole: b.teamRole ?? null, source: "console", createdBy: ctx.user.id })),
    }),
  ]);
  const result = { added: toAdd.length, removed: toRemove.length, unchanged: parsed.length - toAdd.length };
  await recordAudit({
    actor: actorOf(ctx),
    action: "binding.import",
    targetType: "group_binding",
    targetId: null,
    outcome: "success",
    request: ctx.request,
    details: { mode: input.mode, ...result, added_bindings: toAdd.map((b) => describeGrant(b) + ` ← ${b.group}`), removed_bindings: toRemove.map((b) => describeGrant(b) + ` ← ${b.group}`) },
  });
  return result;
}

/** Every effective binding (seed file and console) in the seed-file format, for GitOps. */
export async function exportBindings({ ctx }: { ctx: ActionContext }): Promise<{ yaml: string }> {
  requireTier(ctx.user, "reader");
  return { yaml: serialiseBindings(await loadBindings()) };
}

/** The team picker of the bindings editor (admins only); an unreachable LiteLLM leaves it empty rather than failing Settings. */
export async function listBindableTeams(user: SessionUser): Promise<{ teamId: string; alias: string }[]> {
  requireTier(user, "admin");
  try {
    const teams = await getLiteLLM().teams.list();
    return teams.map((t) => ({ teamId: t.team_id, alias: t.team_alias || t.team_id })).sort((a, b) => a.alias.localeCompare(b.alias));
  } catch {
    return [];
  }
}
