"use server";

import { authAction, READ_ONLY } from "@/lib/safe-action";

import { explainInputSchema } from "./schemas";
import { explainKeyAccess } from "./service";

/** Every tier may ask; the service scopes the key to what the session may see (members: their own keys). */
export const explainKeyAccessAction = authAction("key.explain", explainInputSchema, ({ ctx, input }) =>
  explainKeyAccess({ user: ctx.user, input }),
  READ_ONLY,
);
