import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "@/lib/auth/types";
import { getEnv } from "@/lib/env";
import { clientAddress } from "@/lib/net/client-address";

/** The client address from the trusted proxy hop (TRUSTED_PROXY_COUNT; 0 = the socket peer), never the client's own claim. */
export function requestMetaFrom(h: Headers, trustedProxyCount: number = getEnv().TRUSTED_PROXY_COUNT): RequestMeta {
  return {
    ip: clientAddress(h, trustedProxyCount),
    userAgent: h.get("user-agent")?.slice(0, 300) ?? null,
  };
}

export async function getRequestMeta(): Promise<RequestMeta> {
  try {
    return requestMetaFrom(await headers());
  } catch {
    return { ip: null, userAgent: null };
  }
}
