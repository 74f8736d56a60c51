import "server-only";

import { lookup as dnsLookup } from "node:dns/promises";

import { getEnv } from "@/lib/env";

import { classifyAddress, cidrContains, parseCidr, parseIp, unwrapEmbeddedIPv4, type AddressClass, type Cidr } from "./ip";
import { checkUrlShape, refuse, type SsrfVerdict } from "./url-shape";

export { checkUrlShape, normaliseUrl, type SsrfCode, type SsrfVerdict } from "./url-shape";
export { classifyAddress, type AddressClass } from "./ip";

/**
 * SSRF guard for user-supplied api_base values (design/auth.md §7).
 * Callers must connect to one of the returned `addresses` (pinned), not re-resolve the name,
 * or DNS rebinding walks around this check.
 */
export interface SsrfPolicy {
  /** ".svc.cluster.local" (suffix), "vllm.internal" (exact name) or "127.0.0.1:4110" (exact host:port). */
  allowedHosts: string[];
  /** Ranges whose *private* addresses may be used, e.g. "10.128.0.0/14". */
  allowedCidrs: string[];
  /** Origins always refused, e.g. the LiteLLM admin URL and the console's own URL. */
  blockedOrigins: string[];
}

export type Lookup = (host: string) => Promise<string[]>;

const LOOKUP_TIMEOUT_MS = 5_000;

export const defaultLookup: Lookup = async (host) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("DNS lookup timed out"), { code: "ETIMEOUT" })), LOOKUP_TIMEOUT_MS);
    timer.unref?.();
  });
  try {
    const answers = await Promise.race([dnsLookup(host, { all: true, verbatim: true }), timeout]);
    return answers.map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
};

// Names that reach the cluster's control plane or a cloud metadata service whatever they resolve to.
const BLOCKED_NAME_RES = [
  /^kubernetes(\.default(\.svc(\..*)?)?)?$/,
  /^metadata\.google\.internal$/,
  /^metadata$/,
  /^instance-data(\.ec2\.internal)?$/,
];

// The Kubernetes API service's ClusterIP on OpenShift (172.30.0.1) and vanilla Kubernetes (10.96.0.1)
// defaults: allow-listing the service network must not open the API server.
const KUBERNETES_SERVICE_IPS = ["172.30.0.1", "10.96.0.1"];

const BLOCKED_ORIGIN_WHAT = "the LiteLLM proxy's admin API or the console itself";

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

function effectivePort(url: URL): string {
  return url.port || DEFAULT_PORTS[url.protocol] || "";
}

/** Lower-cased host without brackets or a trailing dot. */
function normaliseHost(hostname: string): string {
  let h = hostname.toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  return h.replace(/\.$/, "");
}

type HostRule = { kind: "suffix"; suffix: string } | { kind: "exact"; host: string } | { kind: "hostport"; host: string; port: string };

function parseHostRule(entry: string): HostRule | undefined {
  const text = entry.trim().toLowerCase();
  if (!text) return undefined;
  if (text.startsWith(".")) return { kind: "suffix", suffix: text.replace(/\.$/, "") };
  const hostPort = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  if (hostPort) {
    // Canonicalise through the URL parser so "localhost:4110" and "[::1]:4110" compare like URL hosts do.
    try {
      const u = new URL(`http://${text}`);
      return { kind: "hostport", host: normaliseHost(u.hostname), port: u.port || "80" };
    } catch {
      return undefined;
    }
  }
  try {
    return { kind: "exact", host: normaliseHost(new URL(`http://${text}`).hostname) };
  } catch {
    return { kind: "exact", host: normaliseHost(text) };
  }
}

function describe(ip: string): string {
  const inner = unwrapEmbeddedIPv4(ip);
  return inner ? `${ip} (which embeds ${inner})` : ip;
}

const ALLOW_HINT =
  "To allow in-cluster model servers, add their host suffix (e.g. .svc.cluster.local) to ALLOWED_API_BASE_HOSTS or their range to ALLOWED_API_BASE_CIDRS.";

// Names that only resolve inside a Kubernetes/OpenShift cluster (and to a private address there).
const CLUSTER_LOCAL_RE = /(^|\.)(svc|cluster\.local)$/;

/** A host that only an in-cluster DNS answers: *.svc, *.svc.cluster.local, *.cluster.local. */
export function isClusterLocalName(host: string): boolean {
  return CLUSTER_LOCAL_RE.test(normaliseHost(host));
}

/** The cluster-local suffix an operator would allow-list for this host (".svc.cluster.local", ".svc", ".cluster.local"). */
function clusterSuffix(host: string): string {
  if (host.endsWith(".svc.cluster.local")) return ".svc.cluster.local";
  if (host.endsWith(".cluster.local")) return ".cluster.local";
  return ".svc";
}

function clusterLocalMessage(host: string): string {
  const suffix = clusterSuffix(host);
  return (
    `${host} is an in-cluster service name, which Gatehouse refuses unless it is allow-listed: it resolves to a private address inside the cluster. ` +
    `To allow it, set ALLOWED_API_BASE_HOSTS on the console (e.g. ALLOWED_API_BASE_HOSTS=${suffix} for every in-cluster service, or ALLOWED_API_BASE_HOSTS=${host} for this one; comma-separated) and restart it.`
  );
}

function addressMessage(cls: AddressClass, ip: string, host: string): string {
  const is = parseIp(host) ? `${describe(ip)} is` : `${host} resolves to ${describe(ip)}, which is`;
  switch (cls) {
    case "metadata":
      return `${is} a cloud metadata address; Gatehouse never sends requests there.`;
    case "link_local":
      return `${is} a link-local address (169.254.0.0/16 or fe80::/10, where cloud metadata services live); Gatehouse never sends requests there.`;
    case "loopback":
      return `${is} a loopback address (the console's own machine); Gatehouse never sends requests there. Only an exact host:port entry in ALLOWED_API_BASE_HOSTS (used by the dev sandbox) can allow one.`;
    case "unspecified":
      return `${is} an unspecified address (0.0.0.0/8 or ::), which reaches the local machine; Gatehouse never sends requests there.`;
    case "multicast":
      return `${is} a multicast address; Gatehouse never sends requests there.`;
    case "reserved":
      return `${is} a reserved, non-routable address; Gatehouse never sends requests there.`;
    case "private":
      return parseIp(host)
        ? `${is} a private address, which Gatehouse refuses unless it is allow-listed. To allow it, set ALLOWED_API_BASE_CIDRS on the console (e.g. ALLOWED_API_BASE_CIDRS=${ip.includes(":") ? `${ip}/128` : `${ip}/32`}, or the whole range such as 10.0.0.0/8; comma-separated) and restart it.`
        : `${is} a private address. ${ALLOW_HINT} Set the variable on the console (comma-separated) and restart it.`;
    case "public":
      return `${is} a public address.`;
  }
}

function sameOriginHost(url: URL, origin: URL): boolean {
  return (
    url.protocol === origin.protocol &&
    normaliseHost(url.hostname) === normaliseHost(origin.hostname) &&
    effectivePort(url) === effectivePort(origin)
  );
}

async function safeLookup(lookup: Lookup, host: string): Promise<string[]> {
  try {
    return await lookup(host);
  } catch {
    return [];
  }
}

/**
 * Full check of an api_base: shape, blocked names and origins, then every resolved address.
 * Resolves to ok with the validated addresses (connect to one of those), or a specific refusal.
 */
export async function checkApiBase(raw: string, policy: SsrfPolicy, lookup: Lookup = defaultLookup): Promise<SsrfVerdict> {
  const shape = checkUrlShape(raw);
  if (!shape.ok) return shape;
  const url = shape.url;
  const host = normaliseHost(url.hostname);
  const port = effectivePort(url);

  if (BLOCKED_NAME_RES.some((re) => re.test(host))) {
    return refuse(
      "blocked_address",
      host.startsWith("kubernetes")
        ? `${host} is the Kubernetes API server; Gatehouse never sends requests there.`
        : `${host} is a cloud metadata service; Gatehouse never sends requests there.`,
    );
  }

  const blockedOrigins = policy.blockedOrigins.flatMap((o) => {
    try {
      return [new URL(o)];
    } catch {
      return [];
    }
  });
  for (const origin of blockedOrigins) {
    if (sameOriginHost(url, origin)) {
      return refuse("blocked_origin", `${url.origin} is ${BLOCKED_ORIGIN_WHAT}; Gatehouse never sends model requests there.`);
    }
  }

  const rules = policy.allowedHosts.map(parseHostRule).filter((r): r is HostRule => r !== undefined);
  const hostPortAllowed = rules.some((r) => r.kind === "hostport" && r.host === host && r.port === port);
  const nameAllowed =
    hostPortAllowed || rules.some((r) => (r.kind === "suffix" && host.endsWith(r.suffix)) || (r.kind === "exact" && r.host === host));

  // Policy before DNS: outside the cluster the name does not resolve, inside it resolves to a private address —
  // either way the operator needs to hear about the allow-list, not about DNS.
  if (!nameAllowed && isClusterLocalName(host)) return refuse("private_address", clusterLocalMessage(host));

  let addresses: string[];
  if (parseIp(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      const code = (error as { code?: string }).code;
      return refuse(
        "unresolvable",
        `Could not resolve ${host}${code ? ` (${code})` : ""}. Check the host name, or whether it is only resolvable inside the cluster.`,
      );
    }
    if (addresses.length === 0) return refuse("unresolvable", `${host} did not resolve to any address.`);
  }

  const cidrs = policy.allowedCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined);

  // Every answer must pass: one bad address among good ones is enough to refuse (rebinding, split horizon).
  for (const raw of addresses) {
    const ip = normaliseHost(raw.split("%")[0]!);
    const cls = classifyAddress(ip);
    const inner = unwrapEmbeddedIPv4(ip) ?? ip;
    if (KUBERNETES_SERVICE_IPS.includes(inner)) {
      return refuse(
        "blocked_address",
        `${describe(ip)} is the default Kubernetes API service address; Gatehouse never sends requests there.`,
      );
    }
    if (cls === "public") continue;
    if (cls === "loopback" && hostPortAllowed) continue;
    if (cls === "private" && (nameAllowed || cidrs.some((c) => cidrContains(c, ip)))) continue;
    return refuse(cls === "private" ? "private_address" : "blocked_address", addressMessage(cls, ip, host));
  }

  // The same service under another name (e.g. litellm.ns.svc vs litellm): compare addresses too.
  for (const origin of blockedOrigins) {
    if (effectivePort(origin) !== port) continue;
    const originHost = normaliseHost(origin.hostname);
    const originAddresses = parseIp(originHost) ? [originHost] : await safeLookup(lookup, originHost);
    if (originAddresses.some((a) => addresses.includes(a))) {
      return refuse(
        "blocked_origin",
        `${url.host} reaches the same server as ${origin.origin}, ${BLOCKED_ORIGIN_WHAT}; Gatehouse never sends model requests there.`,
      );
    }
  }

  return { ok: true, url, normalised: shape.normalised, addresses };
}

/**
 * THE check for every URL that leaves the console: a model's api_base (Test Connect, save, edit), a credential's
 * api_base, and webhooks or any future outbound call. Uses the policy from the environment (ALLOWED_API_BASE_HOSTS,
 * ALLOWED_API_BASE_CIDRS, LiteLLM and the console blocked). On ok, send `verdict.normalised` — never the raw
 * text, which another URL parser may read differently — and connect to one of `verdict.addresses`.
 */
export async function checkOutboundUrl(raw: string, options: { policy?: SsrfPolicy; lookup?: Lookup } = {}): Promise<SsrfVerdict> {
  return checkApiBase(raw, options.policy ?? ssrfPolicyFromEnv(getEnv()), options.lookup ?? defaultLookup);
}

/**
 * Builds the policy from the validated environment. Throws naming the bad entry, so a typo in
 * ALLOWED_API_BASE_CIDRS fails at start-up instead of silently allowing nothing.
 */
export function ssrfPolicyFromEnv(env: {
  ALLOWED_API_BASE_HOSTS: string[];
  ALLOWED_API_BASE_CIDRS: string[];
  LITELLM_URL: string;
  AUTH_URL: string;
}): SsrfPolicy {
  const allowedCidrs = env.ALLOWED_API_BASE_CIDRS.map((c) => c.trim()).filter(Boolean);
  for (const c of allowedCidrs) {
    if (!parseCidr(c)) throw new Error(`ALLOWED_API_BASE_CIDRS: "${c}" is not an address range (expected e.g. 10.128.0.0/14 or fd00::/8)`);
  }
  const allowedHosts = env.ALLOWED_API_BASE_HOSTS.map((h) => h.trim().toLowerCase()).filter(Boolean);
  for (const h of allowedHosts) {
    if (!parseHostRule(h) || /[/@\s]/.test(h)) {
      throw new Error(`ALLOWED_API_BASE_HOSTS: "${h}" is not a host suffix (.svc.cluster.local), host name or host:port`);
    }
  }
  return { allowedHosts, allowedCidrs, blockedOrigins: [env.LITELLM_URL, env.AUTH_URL] };
}
