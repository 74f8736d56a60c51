"use server";

import { adminAction, READ_ONLY } from "@/lib/safe-action";

import { modelDeleteSchema, modelEditSchema, modelIdSchema } from "./queries";
import { deleteModel, previewModelRemoval, updateModel } from "./service";

/** Edit a DB-stored deployment; emptied fields are removed (re-creating the deployment when LiteLLM cannot). */
export const updateModelAction = adminAction("model.update", modelEditSchema, ({ ctx, input }) => updateModel({ ctx, input }));

/** What deleting would break (alias checks), for the confirmation dialog. */
export const previewModelRemovalAction = adminAction("model.delete_preview", modelIdSchema, ({ ctx, input }) =>
  previewModelRemoval({ ctx, id: input.id }),
  READ_ONLY,
);

/** Delete with the alias typed to confirm; a required alias left unserved needs force + an audited reason. */
export const deleteModelAction = adminAction("model.delete", modelDeleteSchema, ({ ctx, input }) => deleteModel({ ctx, input }));
