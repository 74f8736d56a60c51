"use server";

import { authAction } from "@/lib/safe-action";

import { extendKeySchema, issueKeySchema, keyRefSchema, regenerateKeySchema, updateKeySchema } from "./schemas";
import { deleteKey, extendKey, issueKey, regenerateKey, setKeyBlocked, updateKey } from "./service";

// Every tier may call these; the service checks team membership, ownership and policy against the session.

/** The raw key is in this action's result only: never logged, stored, audited or put in a URL. */
export const issueKeyAction = authAction("key.issue", issueKeySchema, ({ ctx, input }) => issueKey({ ctx, input }));

export const updateKeyAction = authAction("key.update", updateKeySchema, ({ ctx, input }) => updateKey({ ctx, input }));

export const blockKeyAction = authAction("key.block", keyRefSchema, ({ ctx, input }) => setKeyBlocked({ ctx, input, blocked: true }));

export const unblockKeyAction = authAction("key.unblock", keyRefSchema, ({ ctx, input }) => setKeyBlocked({ ctx, input, blocked: false }));

export const deleteKeyAction = authAction("key.delete", keyRefSchema, ({ ctx, input }) => deleteKey({ ctx, input }));

/** Like issuance, the new raw key is returned once, here. */
export const regenerateKeyAction = authAction("key.regenerate", regenerateKeySchema, ({ ctx, input }) => regenerateKey({ ctx, input }));

export const extendKeyAction = authAction("key.extend", extendKeySchema, ({ ctx, input }) => extendKey({ ctx, input }));
