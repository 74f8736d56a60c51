"use server";

import { authAction, READ_ONLY } from "@/lib/safe-action";

import { embeddingRequestSchema, playgroundModelSearchSchema } from "./schemas";
import { runEmbedding, searchPlaygroundModels } from "./service";

/** Every tier may call it; the service refuses viewers and keeps members to their team's models. */
export const runEmbeddingAction = authAction("playground.embedding", embeddingRequestSchema, ({ ctx, input }) =>
  runEmbedding({ ctx, input }),
);

/** The model picker's search: admins every model, members their teams' models (scoped in the service); viewers refused. */
export const searchPlaygroundModelsAction = authAction(
  "playground.models.search",
  playgroundModelSearchSchema,
  ({ ctx, input }) => searchPlaygroundModels({ ctx, q: input.q }),
  READ_ONLY,
);
