/**
 * Pure IP address parsing, classification and CIDR matching for the SSRF guard.
 * No Node built-ins, so it runs anywhere (tests, server, edge).
 */

export type AddressClass = "loopback" | "link_local" | "metadata" | "multicast" | "unspecified" | "reserved" | "private" | "public";

export type ParsedIp = { family: 4; value: bigint } | { family: 6; value: bigint };

const V4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Strict dotted-quad parse (the URL parser has already normalised 0x7f.1 / 2130706433 forms). */
export function parseIPv4(text: string): bigint | undefined {
  const m = V4_RE.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith("0")) return undefined; // octal-looking parts are ambiguous
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

export function parseIPv6(input: string): bigint | undefined {
  let text = input;
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(":")) return undefined;

  // An embedded dotted quad in the last 32 bits becomes two hex groups.
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }

  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return { family: 6, value: v6 };
  return undefined;
}

export function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
}

function inV6(value: bigint, prefix: bigint, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return value >> shift === prefix >> shift;
}

function inV4(value: bigint, prefix: bigint, bits: number): boolean {
  const shift = BigInt(32 - bits);
  return value >> shift === prefix >> shift;
}

const v6 = (s: string) => parseIPv6(s)!;
const v4 = (s: string) => parseIPv4(s)!;

/**
 * The IPv4 address carried inside an IPv6 address, if any: IPv4-mapped (::ffff:0:0/96),
 * NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) and 6to4 (2002::/16).
 */
export function embeddedIPv4(value: bigint): bigint | undefined {
  if (inV6(value, v6("::ffff:0:0"), 96)) return value & 0xffffffffn;
  if (inV6(value, v6("64:ff9b::"), 96)) return value & 0xffffffffn;
  if (inV6(value, v6("64:ff9b:1::"), 48)) return value & 0xffffffffn;
  if (inV6(value, v6("2002::"), 16)) return (value >> 80n) & 0xffffffffn;
  return undefined;
}

/** Cloud metadata endpoints: AWS/GCP/Azure/OpenStack, AWS ECS task metadata, Alibaba, Azure WireServer. */
const V4_METADATA = ["169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16"].map(v4);
const V6_METADATA = ["fd00:ec2::254"].map(v6);

const V4_PRIVATE: Array<[string, number]> = [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["100.64.0.0", 10],
];

// Non-routable special-purpose ranges (RFC 6890): nothing legitimate serves models there.
const V4_RESERVED: Array<[string, number]> = [
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["240.0.0.0", 4],
];

function classifyV4(value: bigint): AddressClass {
  if (V4_METADATA.includes(value)) return "metadata";
  if (inV4(value, 0n, 8)) return "unspecified";
  if (inV4(value, v4("127.0.0.0"), 8)) return "loopback";
  if (inV4(value, v4("169.254.0.0"), 16)) return "link_local";
  if (inV4(value, v4("224.0.0.0"), 4)) return "multicast";
  if (V4_RESERVED.some(([p, b]) => inV4(value, v4(p), b))) return "reserved"; // includes 255.255.255.255
  if (V4_PRIVATE.some(([p, b]) => inV4(value, v4(p), b))) return "private";
  return "public";
}

function classifyV6(value: bigint): AddressClass {
  const inner = embeddedIPv4(value);
  if (inner !== undefined) return classifyV4(inner);
  if (value === 0n) return "unspecified";
  if (value === 1n) return "loopback";
  if (V6_METADATA.includes(value)) return "metadata";
  if (inV6(value, v6("fe80::"), 10)) return "link_local";
  if (inV6(value, v6("ff00::"), 8)) return "multicast";
  if (inV6(value, v6("fc00::"), 7)) return "private";
  if (inV6(value, v6("2001:db8::"), 32)) return "reserved";
  if (inV6(value, v6("2001::"), 23)) return "reserved"; // IETF protocol assignments incl. Teredo
  if (inV6(value, v6("2000::"), 3)) return "public";
  return "reserved"; // IPv4-compatible ::/96, discard 100::/64 and everything unallocated
}

/** What kind of address this is; anything unparseable is "reserved" (i.e. refused). */
export function classifyAddress(ip: string): AddressClass {
  const parsed = parseIp(ip);
  if (!parsed) return "reserved";
  return parsed.family === 4 ? classifyV4(parsed.value) : classifyV6(parsed.value);
}

/** "127.0.0.1" for "::ffff:127.0.0.1" / "64:ff9b::7f00:1"; undefined when nothing is embedded. */
export function unwrapEmbeddedIPv4(ip: string): string | undefined {
  const parsed = parseIp(ip);
  if (!parsed || parsed.family !== 6) return undefined;
  const inner = embeddedIPv4(parsed.value);
  return inner === undefined ? undefined : formatIPv4(inner);
}

export interface Cidr {
  family: 4 | 6;
  prefix: bigint;
  bits: number;
  text: string;
}

/** "10.0.0.0/8", "fd00::/8" or a bare address (a /32 or /128). Undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim();
  const [addr, bitsText, extra] = trimmed.split("/");
  if (extra !== undefined || !addr) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  return { family: ip.family, prefix: ip.value, bits, text: trimmed };
}

/** Whether ip is inside cidr; an IPv4-mapped/NAT64 address also matches IPv4 ranges. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  if (cidr.family === 4) {
    const value = parsed.family === 4 ? parsed.value : embeddedIPv4(parsed.value);
    return value !== undefined && inV4(value, cidr.prefix, cidr.bits);
  }
  return parsed.family === 6 && inV6(parsed.value, cidr.prefix, cidr.bits);
}
