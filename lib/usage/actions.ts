"use server";

import { adminAction } from "@/lib/safe-action";
import { revealRequestBodies } from "./logs";
import { revealBodySchema } from "./schemas";

/** Shows the prompt and response LiteLLM stored for one request: admins only, with a reason, audited. */
export const revealRequestBodiesAction = adminAction("usage.revealRequestBodies", revealBodySchema, async ({ ctx, input }) =>
  revealRequestBodies({ ctx, input }),
);
