import "server-only";
import { headers } from "next/headers";
import type { RequestMeta } from "@/lib/auth/types";

/** Only the first X-Forwarded-For hop is trusted: the OpenShift router sets it. */
export function firstHop(forwardedFor: string | null | undefined): string | null {
  const first = forwardedFor?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : null;
}

export function requestMetaFrom(h: Headers): RequestMeta {
  return {
    ip: firstHop(h.get("x-forwarded-for")) ?? h.get("x-real-ip") ?? null,
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
