import { z } from "zod";

import { FORBIDDEN_NAME_MESSAGE, hasForbiddenNameChars } from "@/lib/limits";

/** Same rules as the GitOps seed file (lib/auth/bindings-file.ts), so a binding saved here can be exported there. */
export const groupNameSchema = z
  .string({ error: "Enter the group name" })
  .trim()
  .min(1, "Enter the group name")
  .max(256, "Group names are at most 256 characters")
  .refine((g) => !hasForbiddenNameChars(g), `${FORBIDDEN_NAME_MESSAGE} from the group name`)
  .refine((g) => !g.startsWith("system:"), "system: groups are virtual and always ignored; bind a real group")
  .transform((g) => (g.startsWith("/") ? g.slice(1).trim() : g));

export const bindingKindSchema = z.enum(["admin", "viewer", "team"]);
export type BindingKind = z.infer<typeof bindingKindSchema>;

export const createBindingSchema = z
  .object({
    group: groupNameSchema,
    kind: bindingKindSchema,
    teamId: z.string().trim().max(200).default(""),
    teamRole: z.enum(["member", "admin"]).default("member"),
  })
  .superRefine((b, ctx) => {
    if (b.kind === "team" && !b.teamId) ctx.addIssue({ code: "custom", path: ["teamId"], message: "Choose the LiteLLM team this group joins" });
  });
export type CreateBindingInput = z.input<typeof createBindingSchema>;
export type CreateBinding = z.infer<typeof createBindingSchema>;

export const deleteBindingSchema = z.object({ id: z.uuid("Unknown binding") });
export type DeleteBindingInput = z.infer<typeof deleteBindingSchema>;

export const importBindingsSchema = z.object({
  yaml: z.string().trim().min(1, "Paste the bindings YAML").max(100_000, "The YAML is too long (100 KB at most)"),
  mode: z.enum(["merge", "replace"]).default("merge"),
});
export type ImportBindingsInput = z.input<typeof importBindingsSchema>;

export const exportBindingsSchema = z.object({}).default({});

/** What a binding grants, in the operator's words. */
export function describeGrant(b: { kind: BindingKind; teamId?: string | null; teamRole?: string | null }): string {
  if (b.kind === "admin") return "Console admin";
  if (b.kind === "viewer") return "Viewer (read-only)";
  return `Team ${b.teamId} (${b.teamRole === "admin" ? "team admin" : "member"})`;
}
