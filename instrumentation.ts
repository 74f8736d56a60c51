/**
 * Runs once when the server starts: validate the environment (exit with one line naming the
 * variable) and apply database migrations before the first request.
 */
export async function register() {
  // eslint-disable-next-line no-restricted-syntax -- Next sets NEXT_RUNTIME; lib/env is not loaded yet.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv, EnvError } = await import("@/lib/env");
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`gatehouse: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { getDb } = await import("@/lib/db");
  try {
    await getDb();
  } catch (error) {
    console.error(`gatehouse: database unavailable: ${(error as Error).message}`);
    process.exit(1);
  }
}
