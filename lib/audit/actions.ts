"use server";

import { z } from "zod";
import { readerAction } from "@/lib/safe-action";

import { checkAuditChain } from "./verify";

/** The audit page's integrity check: walks the hash chain and names the first broken link. Admins and viewers. */
export const verifyAuditChainAction = readerAction("audit.verify", z.object({}), () => checkAuditChain());
