import "server-only";
import type { LiteLLMStatus } from "@/components/shell/types";
import { getEnv } from "@/lib/env";
import { getLiteLLM } from "@/lib/litellm";

/** The shell's "Connected to LiteLLM vX at URL" line, or why not. Never throws. */
export async function getLiteLLMStatus(): Promise<LiteLLMStatus> {
  const url = getEnv().LITELLM_URL;
  try {
    const client = getLiteLLM();
    const version = await client.version();
    const masterKey = await client.checkMasterKeyEnforced();
    if (!masterKey.enforced) return { ok: false, url, message: masterKey.reason ?? "LiteLLM has no master key configured." };
    return { ok: true, url, version: version.version ?? "unknown" };
  } catch (error) {
    return { ok: false, url, message: (error as Error).message || "LiteLLM is unreachable." };
  }
}
