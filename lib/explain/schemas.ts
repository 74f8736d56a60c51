import { z } from "zod";

import { tokenHashSchema } from "@/lib/keys/schemas";
import { hasForbiddenNameChars, nameSchema } from "@/lib/limits";

/** A public model name as consumers send it in `model`: the shared name limits (lib/limits). */
export const modelNameSchema = nameSchema("A model name", { required: "Choose a model." });

export const EXPLAIN_BY = ["alias", "last4", "hash"] as const;

/**
 * What the explainer is asked: a key (by alias, by its last four characters, or by token hash — a pasted key is
 * hashed in the browser, so the raw key never reaches the console) and a model name.
 */
export const explainInputSchema = z
  .object({
    by: z.enum(EXPLAIN_BY),
    value: z.string().trim().min(1, "Say which key.").max(256, "At most 256 characters."),
    model: modelNameSchema,
  })
  .superRefine((input, ctx) => {
    if (hasForbiddenNameChars(input.value)) ctx.addIssue({ code: "custom", path: ["value"], message: "Control characters are not allowed." });
    else if (input.by === "last4" && !/^[A-Za-z0-9_-]{4}$/.test(input.value))
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "Give exactly the last four characters of the key (letters, digits, - or _).",
      });
    else if (input.by === "hash" && !tokenHashSchema.safeParse(input.value).success)
      ctx.addIssue({ code: "custom", path: ["value"], message: "Not a key id (expected the 64-character token hash)." });
  });
export type ExplainInput = z.input<typeof explainInputSchema>;
export type ExplainValues = z.infer<typeof explainInputSchema>;
