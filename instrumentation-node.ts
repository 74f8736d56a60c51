import http from "node:http";

import { EnvError, getEnv } from "@/lib/env";
import { getDb } from "@/lib/db";
import { installClientChainStamp } from "@/lib/net/client-address";

// Before the first request: every request carries its socket peer, so the client address comes from the trusted hop.
installClientChainStamp(http.Server);

try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`gatehouse: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

try {
  await getDb();
} catch (error) {
  console.error(`gatehouse: database unavailable: ${(error as Error).message}`);
  process.exit(1);
}

// Warm this replica's deployment index at start (background, paged): the first page view then rarely waits for it.
const { getDeploymentIndex } = await import("@/lib/deployments/index-store");
getDeploymentIndex().start();
if (getEnv().SCHEDULER === "on") {
  const { startScheduler } = await import("@/lib/notify/scheduler");
  startScheduler();
}
