import "server-only";
import fs from "node:fs/promises";
import { prisma } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { parseBindingsFile } from "./bindings-file";
import type { GroupBinding } from "./group-mapping";

export type StoredBinding = GroupBinding & {
  id?: string;
  source: "console" | "file";
};

/** Bindings from the GitOps seed file (read-only in the UI) plus those edited in Settings. */
export async function loadBindings(): Promise<StoredBinding[]> {
  const env = getEnv();
  const fromFile: StoredBinding[] = [];
  if (env.GROUP_BINDINGS_FILE) {
    try {
      const text = await fs.readFile(/* turbopackIgnore: true */ env.GROUP_BINDINGS_FILE, "utf8");
      for (const binding of parseBindingsFile(text))
        fromFile.push({ ...binding, source: "file" });
    } catch (error) {
      logger.error("bindings.file_unreadable", {
        file: env.GROUP_BINDINGS_FILE,
        error: (error as Error).message,
      });
    }
  }
  const db = await prisma();
  const rows = await db.groupBinding.findMany({
    orderBy: [{ kind: "asc" }, { group: "asc" }],
  });
  const fromDb: StoredBinding[] = rows.map((row) => ({
    id: row.id,
    group: row.group,
    kind: row.kind as GroupBinding["kind"],
    teamId: row.teamId || null,
    teamRole: (row.teamRole as GroupBinding["teamRole"]) ?? null,
    source: "console",
  }));
  return [...fromFile, ...fromDb];
}
