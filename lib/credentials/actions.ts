"use server";

import { adminAction } from "@/lib/safe-action";

import { credentialCreateSchema, credentialDeleteSchema, credentialRotateSchema } from "./schemas";
import { createCredential, deleteCredential, rotateCredential } from "./service";

export const createCredentialAction = adminAction("credential.create", credentialCreateSchema, ({ ctx, input }) => createCredential({ ctx, input }));

export const rotateCredentialAction = adminAction("credential.rotate", credentialRotateSchema, ({ ctx, input }) => rotateCredential({ ctx, input }));

/** Refused (conflict, with the deployments in `details.usedBy`) while any deployment uses the credential. */
export const deleteCredentialAction = adminAction("credential.delete", credentialDeleteSchema, ({ ctx, input }) => deleteCredential({ ctx, input }));
