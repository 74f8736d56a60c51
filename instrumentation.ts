/**
 * Runs once when the server starts: validate the environment (exit with one line naming the
 * variable) and apply database migrations before the first request.
 */
export async function register() {
  const { processFacts } = await import("@/lib/env");
  if (processFacts.nextRuntime() === "nodejs") await import("./instrumentation-node");
}
