"use server";

import { authAction } from "@/lib/safe-action";

import { embeddingRequestSchema } from "./schemas";
import { runEmbedding } from "./service";

/** Every tier may call it; the service refuses viewers and keeps members to their team's models. */
export const runEmbeddingAction = authAction("playground.embedding", embeddingRequestSchema, ({ ctx, input }) =>
  runEmbedding({ ctx, input }),
);
