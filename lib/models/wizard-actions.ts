"use server";

import { adminAction, READ_ONLY } from "@/lib/safe-action";

import {
  testDraftConnection,
  testDraftConnectionSchema,
  testExistingModel,
  testExistingModelSchema,
} from "./test-connect";
import {
  checkDraftCandidate,
  checkDraftCandidateSchema,
  draftInputSchema,
  modelHints,
  modelHintsSchema,
  previewDraft,
  rollbackWizardModel,
  rollbackWizardModelSchema,
  saveWizardModel,
  saveWizardModelSchema,
  validateDraftStep,
  validateDraftStepSchema,
} from "./wizard-service";

/** The wizard form's resolver: one step (or the whole draft) through the shared schema and the SSRF guard. */
export const validateDraftStepAction = adminAction("model.wizard.validate", validateDraftStepSchema, ({ ctx, input }) =>
  validateDraftStep({ ctx, input }),
  READ_ONLY,
);

/** Cost-map suggestions for a provider, and the defaults (mode, prices, dimension) for one model. */
export const modelHintsAction = adminAction("model.wizard.hints", modelHintsSchema, ({ ctx, input }) => modelHints({ ctx, input }), READ_ONLY);

/** Alias rules while the operator types the alias, mode and dimension. */
export const checkDraftCandidateAction = adminAction("model.wizard.check", checkDraftCandidateSchema, ({ ctx, input }) =>
  checkDraftCandidate({ ctx, input }),
  READ_ONLY,
);

/** The review step: masked /model/new body and the equivalent config.yaml entry (rendered on the server). */
export const previewDraftAction = adminAction("model.wizard.preview", draftInputSchema, ({ ctx, input }) => previewDraft({ ctx, input }), READ_ONLY);

/**
 * Test Connect for a draft. The wizard calls the route handler next to the page instead, because server
 * actions run one at a time per browser and a running test could then not be cancelled.
 */
export const testConnectAction = adminAction("model.test_connect", testDraftConnectionSchema, ({ ctx, input }) =>
  testDraftConnection({ ctx, input }),
);

/** Test Connect for a saved deployment (the model page). */
export const testExistingModelAction = adminAction("model.test_connect", testExistingModelSchema, ({ ctx, input }) =>
  testExistingModel({ ctx, input }),
);

/** Save: alias checks, /model/new, audit, dimension check for embeddings. */
export const saveWizardModelAction = adminAction("model.create", saveWizardModelSchema, ({ ctx, input }) => saveWizardModel({ ctx, input }));

/** "Roll back (delete this deployment)" from the success view. */
export const rollbackWizardModelAction = adminAction("model.delete", rollbackWizardModelSchema, ({ ctx, input }) =>
  rollbackWizardModel({ ctx, input }),
);
