/**
 * The GitOps seed file for group bindings (GROUP_BINDINGS_FILE), e.g.
 *
 *   adminGroups: [gatehouse-admins]
 *   viewerGroups: [gatehouse-viewers]
 *   teamBindings:
 *     - { group: team-alpha, teamId: team-alpha, role: member }
 *     - { group: team-alpha-admins, teamId: team-alpha, role: admin }
 *
 * Errors name the line, so an operator can fix a ConfigMap without guessing.
 */
import { Document, isMap, isNode, LineCounter, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { describeYamlErrors, parseYamlSafely } from "@/lib/yaml-safe";
import type { GroupBinding } from "./group-mapping";

/** Custom text for "wrong type" only, so zod's own "Unrecognized key: …" messages survive. */
const typeOnly = (message: string) => (issue: { code?: string }) => (issue.code === "invalid_type" ? message : undefined);

const groupNameSchema = z
  .string({ error: "must be a group name (a string)" })
  .trim()
  .min(1, "must not be empty")
  .refine((g) => !g.startsWith("system:"), "system: groups are virtual and always ignored; bind a real group");

const teamBindingSchema = z.strictObject(
  {
    group: groupNameSchema,
    teamId: z.string({ error: "teamId is required (the LiteLLM team id)" }).trim().min(1, "teamId must not be empty"),
    role: z.enum(["member", "admin"], { error: 'role must be "member" or "admin"' }).default("member"),
  },
  {
    error: typeOnly("each team binding must be a mapping like { group: team-alpha, teamId: team-alpha, role: member }"),
  },
);

export const bindingsFileSchema = z.strictObject(
  {
    adminGroups: z
      .array(groupNameSchema, {
        error: "adminGroups must be a list of group names",
      })
      .nullish(),
    viewerGroups: z
      .array(groupNameSchema, {
        error: "viewerGroups must be a list of group names",
      })
      .nullish(),
    teamBindings: z.array(teamBindingSchema, { error: "teamBindings must be a list" }).nullish(),
  },
  {
    error: typeOnly("the file must be a mapping with adminGroups, viewerGroups and teamBindings"),
  },
);
export type BindingsFile = z.infer<typeof bindingsFileSchema>;

export function parseBindingsFile(text: string): GroupBinding[] {
  const yaml = parseYamlSafely(text);
  if (!yaml.ok) {
    const lines = yaml.errors.map((e) => describeYamlErrors([e]));
    throw new ValidationError(`Group bindings file is not valid YAML: ${lines.join("; ")}`, { "(yaml)": lines });
  }
  const { doc, lineCounter } = yaml;
  const raw: unknown = yaml.value ?? {};
  const parsed = bindingsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    const lines = parsed.error.issues.map((issue) => {
      const path = formatPath(issue.path);
      const at = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
      const line = lineOf(doc, lineCounter, at);
      const msg = `${line ? `line ${line}: ` : ""}${path ? `${path}: ` : ""}${issue.message}`;
      (fieldErrors[path || "(root)"] ??= []).push(msg);
      return msg;
    });
    throw new ValidationError(`Group bindings file is invalid: ${lines.join("; ")}`, fieldErrors);
  }

  const file = parsed.data;
  const out: GroupBinding[] = [];
  const seen = new Set<string>();
  const push = (b: GroupBinding) => {
    const key = `${b.kind}|${b.group}|${b.teamId ?? ""}|${b.teamRole ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(b);
  };
  for (const group of file.adminGroups ?? []) push({ group, kind: "admin", teamId: null, teamRole: null });
  for (const group of file.viewerGroups ?? []) push({ group, kind: "viewer", teamId: null, teamRole: null });
  for (const t of file.teamBindings ?? []) push({ group: t.group, kind: "team", teamId: t.teamId, teamRole: t.role });
  return out;
}

export function serialiseBindings(bindings: GroupBinding[]): string {
  const adminGroups = bindings.filter((b) => b.kind === "admin").map((b) => b.group);
  const viewerGroups = bindings.filter((b) => b.kind === "viewer").map((b) => b.group);
  const teamBindings = bindings
    .filter((b) => b.kind === "team")
    .map((b) => {
      if (!b.teamId) throw new ValidationError(`Team binding for group ${b.group} has no teamId`);
      return { group: b.group, teamId: b.teamId, role: b.teamRole ?? "member" };
    });
  const doc = new Document({ adminGroups, viewerGroups, teamBindings });
  // Flow style for the short lists and each team entry, matching the documented format.
  for (const key of ["adminGroups", "viewerGroups"]) {
    const node = doc.get(key, true);
    if (isNode(node)) (node as YamlNode & { flow?: boolean }).flow = true;
  }
  const teams = doc.get("teamBindings", true) as { items?: unknown[]; flow?: boolean } | undefined;
  for (const item of teams?.items ?? []) if (isMap(item)) item.flow = true;
  if (teams && teamBindings.length === 0) teams.flow = true;
  return doc.toString({ lineWidth: 0 });
}

function formatPath(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Line of the deepest existing node on the issue's path (a missing key points at its parent). */
function lineOf(doc: Document.Parsed, lc: LineCounter, path: PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const keyPath = path.slice(0, n).map((p) => (typeof p === "symbol" ? String(p) : p));
    const node = n === 0 ? doc.contents : doc.getIn(keyPath, true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return null;
}
