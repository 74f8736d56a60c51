/**
 * Runs once when the server starts: validate the environment (exit with one line naming the
 * variable) and apply database migrations before the first request.
 */
export async function register() {
  // eslint-disable-next-line no-restricted-syntax -- Next sets NEXT_RUNTIME; lib/env is not loaded yet.
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
