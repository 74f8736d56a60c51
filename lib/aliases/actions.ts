"use server";

import { adminAction, readerAction, READ_ONLY } from "@/lib/safe-action";
import {
  checkModelCandidateSchema,
  checkModelRemovalSchema,
  consumerAliasSchema,
  deleteConsumerAliasSchema,
  importRegistrySchema,
  updateConsumerAliasSchema,
  verifyModelDimensionSchema,
} from "./schemas";
import {
  applyImport,
  checkModelCandidate,
  checkModelRemoval,
  createConsumerAlias,
  deleteConsumerAlias,
  previewImport,
  updateConsumerAlias,
} from "./service";
import { verifyEmbeddingDimension } from "./verify";

/** The wizard calls this while the operator types (debounced); findings only, nothing is saved. */
export const checkModelCandidateAction = readerAction("alias.check_candidate", checkModelCandidateSchema, ({ ctx, input }) =>
  checkModelCandidate({ ctx, input }),
);

export const checkModelRemovalAction = readerAction("alias.check_removal", checkModelRemovalSchema, ({ ctx, input }) =>
  checkModelRemoval({ ctx, input }),
);

export const createConsumerAliasAction = adminAction("alias.create", consumerAliasSchema, ({ ctx, input }) =>
  createConsumerAlias({ ctx, input }),
);

export const updateConsumerAliasAction = adminAction("alias.update", updateConsumerAliasSchema, ({ ctx, input }) =>
  updateConsumerAlias({ ctx, input }),
);

export const deleteConsumerAliasAction = adminAction("alias.delete", deleteConsumerAliasSchema, ({ ctx, input }) =>
  deleteConsumerAlias({ ctx, input }),
);

export const previewImportAction = adminAction("alias.import_preview", importRegistrySchema, ({ ctx, input }) =>
  previewImport({ ctx, input }),
  READ_ONLY,
);

export const applyImportAction = adminAction("alias.import", importRegistrySchema, ({ ctx, input }) => applyImport({ ctx, input }));

/** "Verify again" on the model page, and the wizard right after saving an embedding model. */
export const verifyModelDimensionAction = adminAction("model.verify_dimension", verifyModelDimensionSchema, ({ ctx, input }) =>
  verifyEmbeddingDimension({ ctx, modelId: input.modelId }),
);
