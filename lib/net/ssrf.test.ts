import { describe, expect, it } from "vitest";

import { cidrContains, parseCidr, unwrapEmbeddedIPv4 } from "./ip";
import { checkApiBase, checkOutboundUrl, checkUrlShape, classifyAddress, ssrfPolicyFromEnv, type SsrfPolicy } from "./ssrf";

const closed: SsrfPolicy = { allowedHosts: [], allowedCidrs: [], blockedOrigins: [] };

/** A fake resolver: unknown names fail like getaddrinfo does. */
function dns(table: Record<string, string[]>) {
  const calls: string[] = [];
  const lookup = async (host: string) => {
    calls.push(host);
    const answer = table[host];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answer;
  };
  return Object.assign(lookup, { calls });
}

const noDns = dns({});

async function refused(url: string, policy: SsrfPolicy = closed, lookup = noDns) {
  const verdict = await checkApiBase(url, policy, lookup);
  if (verdict.ok) throw new Error(`expected ${url} to be refused, got ok ${verdict.addresses.join(",")}`);
  return verdict;
}

describe("checkUrlShape", () => {
  it("refuses non-http schemes", () => {
    const v = checkUrlShape("ftp://models.example.com/");
    expect(v).toMatchObject({ ok: false, code: "scheme" });
    expect(!v.ok && v.reason).toContain("ftp:");
    expect(checkUrlShape("file:///etc/passwd")).toMatchObject({ ok: false, code: "scheme" });
    expect(checkUrlShape("gopher://x/")).toMatchObject({ ok: false, code: "scheme" });
  });

  it("refuses userinfo and says where the key goes instead", () => {
    const v = checkUrlShape("https://user:hunter2@api.example.com/v1");
    expect(v).toMatchObject({ ok: false, code: "userinfo" });
    expect(!v.ok && v.reason).toContain("API key field");
    expect(!v.ok && v.reason).not.toContain("hunter2");
    expect(checkUrlShape("https://token@api.example.com/")).toMatchObject({ ok: false, code: "userinfo" });
  });

  it("refuses garbage and hints at a missing scheme", () => {
    const v = checkUrlShape("api.example.com/v1");
    expect(v).toMatchObject({ ok: false, code: "invalid_url" });
    expect(!v.ok && v.reason).toContain("https://");
    expect(checkUrlShape("")).toMatchObject({ ok: false, code: "invalid_url" });
  });

  it("accepts a normal https URL", () => {
    const v = checkUrlShape(" https://api.openai.com/v1 ");
    expect(v.ok && v.url.hostname).toBe("api.openai.com");
  });

  // Issue 12 #1: WHATWG reads "\\" as "/", Python's urllib does not, so the two parsers saw different hosts.
  it.each([
    ["http://127.0.0.1:6110\\@169.254.169.254/v1"],
    ["https://api.openai.com\\@169.254.169.254/"],
    ["https://api.openai.com\\v1"],
    ["https://api.openai.com/v 1"],
    ["https://api.open\tai.com/v1"],
    ["https://api.openai.com/v1\n/x"],
    ["https://api.openai.com/\u0000v1"],
    ["https://api.openai.com/\u202ev1"],
    ["https://api.openai.com/\u200bv1"],
  ])("refuses %j (characters URL parsers disagree on)", (raw) => {
    const v = checkUrlShape(raw);
    expect(v).toMatchObject({ ok: false });
    expect(!v.ok && v.reason).toMatch(/backslashes, spaces and invisible or control characters|user name and password \(and any '@'\)/);
  });

  it.each(["https://api.openai.com@169.254.169.254/", "http://x/@169.254.169.254", "https://a@b/"])("refuses any '@' (%s)", (raw) => {
    expect(checkUrlShape(raw)).toMatchObject({ ok: false, code: "userinfo" });
  });

  it.each([
    ["https://API.OpenAI.com/v1", "https://api.openai.com/v1"],
    ["http://vllm.internal:80/v1/", "http://vllm.internal/v1/"],
    ["http://vllm.internal:8000", "http://vllm.internal:8000"],
    ["http://vllm.internal:8000/", "http://vllm.internal:8000/"],
    ["https://bücher.example/v1", "https://xn--bcher-kva.example/v1"],
    ["http://0x7f.1/", "http://127.0.0.1/"],
    ["https://api.example.com/a/../v1?x=1", "https://api.example.com/v1?x=1"],
  ])("normalises %s to %s (what is checked is what is sent)", (raw, normalised) => {
    const v = checkUrlShape(raw);
    expect(v.ok && v.normalised).toBe(normalised);
  });
});

describe("checkOutboundUrl", () => {
  it("returns the normalised URL it checked, with the addresses to pin", async () => {
    const v = await checkOutboundUrl("HTTPS://Models.Example.com:443/v1", { policy: closed, lookup: dns({ "models.example.com": ["8.8.8.8"] }) });
    expect(v).toMatchObject({ ok: true, normalised: "https://models.example.com/v1", addresses: ["8.8.8.8"] });
  });

  it("refuses the parser-differential spelling before any DNS lookup", async () => {
    const lookup = dns({ "api.openai.com": ["8.8.8.8"] });
    const v = await checkOutboundUrl("https://api.openai.com\\@169.254.169.254/", { policy: closed, lookup });
    expect(v).toMatchObject({ ok: false, code: "ambiguous_url" });
    expect(lookup.calls).toEqual([]);
  });
});

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["169.254.169.254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.10.1", "link_local"],
    ["fe80::1", "link_local"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["2001:db8::1", "reserved"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.30.12.4", "private"],
    ["10.128.3.7", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["2606:4700::1111", "public"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b::808:808", "public"],
    ["2002:7f00:1::", "loopback"],
    ["not-an-ip", "reserved"],
  ])("%s is %s", (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it("unwraps embedded IPv4 addresses", () => {
    expect(unwrapEmbeddedIPv4("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(unwrapEmbeddedIPv4("64:ff9b::a9fe:a9fe")).toBe("169.254.169.254");
    expect(unwrapEmbeddedIPv4("2606:4700::1111")).toBeUndefined();
  });

  it("matches CIDRs, including IPv4-mapped addresses against IPv4 ranges", () => {
    const net = parseCidr("10.128.0.0/14")!;
    expect(cidrContains(net, "10.131.255.1")).toBe(true);
    expect(cidrContains(net, "10.132.0.1")).toBe(false);
    expect(cidrContains(net, "::ffff:10.129.0.1")).toBe(true);
    expect(parseCidr("10.0.0/8")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(cidrContains(parseCidr("fd00::/8")!, "fd00::5")).toBe(true);
  });
});

describe("checkApiBase: always-blocked addresses", () => {
  it("refuses the cloud metadata address with the exact operator message", async () => {
    const v = await refused("http://169.254.169.254/");
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toBe("169.254.169.254 is a cloud metadata address; Gatehouse never sends requests there.");
  });

  it("refuses loopback and explains the only way to allow it", async () => {
    const v = await refused("http://127.0.0.1:4000");
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(v.reason).toContain("host:port");
  });

  it("refuses IPv6 loopback", async () => {
    const v = await refused("http://[::1]/");
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toContain("::1 is a loopback address");
  });

  it("refuses IPv4-mapped IPv6 loopback and names the embedded address", async () => {
    const v = await refused("http://[::ffff:127.0.0.1]/");
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toContain("embeds 127.0.0.1");
    expect(v.reason).toContain("loopback");
  });

  it("refuses NAT64-wrapped metadata", async () => {
    const v = await refused("http://[64:ff9b::a9fe:a9fe]/");
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toContain("embeds 169.254.169.254");
    expect(v.reason).toContain("cloud metadata");
  });

  it.each(["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://127.1:8080/"])(
    "refuses the numeric loopback trick %s",
    async (url) => {
      const v = await refused(url, closed);
      expect(v.code).toBe("blocked_address");
      expect(v.reason).toContain("127.0.0.1 is a loopback address");
      expect(noDns.calls).toHaveLength(0); // IP literals never hit DNS
    },
  );

  it.each([
    ["http://0.0.0.0:8000/", "unspecified"],
    ["http://224.0.0.251/", "multicast"],
    ["http://255.255.255.255/", "reserved"],
    ["http://[fe80::1]/", "link-local"],
    ["http://100.100.100.200/", "cloud metadata"],
  ])("refuses %s (%s)", async (url, word) => {
    const v = await refused(url);
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toContain(word);
  });

  it.each([
    "http://kubernetes.default.svc/",
    "https://kubernetes.default.svc.cluster.local:443/api",
    "http://metadata.google.internal/",
    "http://metadata.google.internal./computeMetadata/v1/",
  ])("refuses the control-plane/metadata name %s even when its suffix is allow-listed", async (url) => {
    const policy = { ...closed, allowedHosts: [".svc.cluster.local", ".internal"] };
    const lookup = dns({ "kubernetes.default.svc.cluster.local": ["172.30.0.1"], "metadata.google.internal": ["169.254.169.254"] });
    const v = await refused(url, policy, lookup);
    expect(v.code).toBe("blocked_address");
    expect(lookup.calls).toHaveLength(0);
  });

  it("refuses the Kubernetes API service IP even when the service network is allow-listed", async () => {
    const v = await refused("https://172.30.0.1/", { ...closed, allowedCidrs: ["172.30.0.0/16"] });
    expect(v.code).toBe("blocked_address");
    expect(v.reason).toContain("Kubernetes API");
  });

  it("never opens metadata or loopback through a CIDR or suffix allow-list", async () => {
    const policy = { ...closed, allowedCidrs: ["0.0.0.0/0", "::/0"], allowedHosts: [".evil.example"] };
    const lookup = dns({ "md.evil.example": ["169.254.169.254"], "lo.evil.example": ["127.0.0.1"] });
    expect((await refused("http://md.evil.example/", policy, lookup)).code).toBe("blocked_address");
    expect((await refused("http://lo.evil.example/", policy, lookup)).code).toBe("blocked_address");
    expect((await refused("http://127.0.0.1:4110/", policy, lookup)).code).toBe("blocked_address");
  });
});

describe("checkApiBase: private addresses and allow-lists", () => {
  it("refuses a private IP that is not allow-listed, with the exact hint", async () => {
    const v = await refused("http://10.0.0.5/");
    expect(v.code).toBe("private_address");
    expect(v.reason).toBe(
      "10.0.0.5 is a private address, which Gatehouse refuses unless it is allow-listed. To allow it, set ALLOWED_API_BASE_CIDRS on the console (e.g. ALLOWED_API_BASE_CIDRS=10.0.0.5/32, or the whole range such as 10.0.0.0/8; comma-separated) and restart it.",
    );
  });

  it("refuses in-cluster names by policy before asking DNS, naming ALLOWED_API_BASE_HOSTS and how to set it", async () => {
    const host = "ray-service-head-svc.ray-service.svc.cluster.local";
    // Outside the cluster the name does not resolve; the operator must still hear about the allow-list, not ENOTFOUND.
    const lookup = dns({});
    const v = await refused(`http://${host}:8000/v1`, closed, lookup);
    expect(v.code).toBe("private_address");
    expect(v.reason).toBe(
      `${host} is an in-cluster service name, which Gatehouse refuses unless it is allow-listed: it resolves to a private address inside the cluster. ` +
        `To allow it, set ALLOWED_API_BASE_HOSTS on the console (e.g. ALLOWED_API_BASE_HOSTS=.svc.cluster.local for every in-cluster service, or ALLOWED_API_BASE_HOSTS=${host} for this one; comma-separated) and restart it.`,
    );
    expect(lookup.calls).toEqual([]);
    for (const [url, suffix] of [
      ["http://vllm.models.svc:8000/v1", "ALLOWED_API_BASE_HOSTS=.svc "],
      ["http://vllm.models.svc.cluster.local./v1", "ALLOWED_API_BASE_HOSTS=.svc.cluster.local "],
      ["http://kserve.example.cluster.local/v1", "ALLOWED_API_BASE_HOSTS=.cluster.local "],
      ["http://VLLM.MODELS.SVC.CLUSTER.LOCAL/v1", "ALLOWED_API_BASE_HOSTS=.svc.cluster.local "],
    ] as const) {
      const r = await refused(url, closed, lookup);
      expect(r.code, url).toBe("private_address");
      expect(r.reason, url).toContain(suffix);
    }
    expect(lookup.calls).toEqual([]);
  });

  it("reports DNS only once an in-cluster name is allow-listed", async () => {
    const host = "ray-service-head-svc.ray-service.svc.cluster.local";
    const v = await refused(`http://${host}:8000/v1`, { ...closed, allowedHosts: [".svc.cluster.local"] }, dns({}));
    expect(v.code).toBe("unresolvable");
    expect(v.reason).toContain("ENOTFOUND");
    // An exact-host entry allows it just as well; a suffix that does not match does not.
    expect((await refused(`http://${host}:8000/v1`, { ...closed, allowedHosts: [host] }, dns({}))).code).toBe("unresolvable");
    expect((await refused(`http://${host}:8000/v1`, { ...closed, allowedHosts: [".internal"] }, dns({}))).code).toBe("private_address");
    // Names that merely contain "svc" are ordinary public names.
    const lookup = dns({ "svc.example.com": ["93.184.216.34"], "my-svc": ["93.184.216.34"] });
    expect((await checkApiBase("https://svc.example.com/v1", closed, lookup)).ok).toBe(true);
    expect((await checkApiBase("https://my-svc/v1", closed, lookup)).ok).toBe(true);
  });

  it("refuses a DNS name that resolves to a private IP and names both", async () => {
    const lookup = dns({ "vllm.corp.example": ["192.168.4.20"] });
    const v = await refused("https://vllm.corp.example/v1", closed, lookup);
    expect(v.code).toBe("private_address");
    expect(v.reason).toMatch(/^vllm\.corp\.example resolves to 192\.168\.4\.20, which is a private address/);
    expect(lookup.calls).toEqual(["vllm.corp.example"]);
  });

  it("refuses mixed public and private answers (every address must pass)", async () => {
    const lookup = dns({ "rebind.example.com": ["93.184.216.34", "10.1.2.3"] });
    const v = await refused("https://rebind.example.com/", closed, lookup);
    expect(v.code).toBe("private_address");
    expect(v.reason).toContain("10.1.2.3");
  });

  it("refuses a name whose answers include a mapped loopback", async () => {
    const lookup = dns({ "sneaky.example.com": ["93.184.216.34", "::ffff:127.0.0.1"] });
    expect((await refused("https://sneaky.example.com/", closed, lookup)).code).toBe("blocked_address");
  });

  it("accepts an in-cluster service through the .svc.cluster.local suffix", async () => {
    const lookup = dns({ "ray-service-head-svc.ray-service.svc.cluster.local": ["10.128.4.17"] });
    const v = await checkApiBase(
      "http://ray-service-head-svc.ray-service.svc.cluster.local:8000/v1",
      { ...closed, allowedHosts: [".svc.cluster.local"] },
      lookup,
    );
    expect(v).toMatchObject({ ok: true, addresses: ["10.128.4.17"] });
  });

  it("does not let a suffix match a look-alike name", async () => {
    const lookup = dns({ "svc.cluster.local.evil.com": ["10.0.0.9"] });
    const v = await refused("http://svc.cluster.local.evil.com/", { ...closed, allowedHosts: [".svc.cluster.local"] }, lookup);
    expect(v.code).toBe("private_address");
  });

  it("accepts an exact host name entry", async () => {
    const lookup = dns({ "ollama.lab": ["192.168.10.2"] });
    expect((await checkApiBase("http://ollama.lab:11434", { ...closed, allowedHosts: ["ollama.lab"] }, lookup)).ok).toBe(true);
    expect(
      (
        await checkApiBase(
          "http://x.ollama.lab:11434",
          { ...closed, allowedHosts: ["ollama.lab"] },
          dns({ "x.ollama.lab": ["192.168.10.2"] }),
        )
      ).ok,
    ).toBe(false);
  });

  it("accepts private addresses inside an allow-listed CIDR only", async () => {
    const policy = { ...closed, allowedCidrs: ["10.128.0.0/14"] };
    expect(await checkApiBase("http://10.129.2.3:8080/v1", policy, noDns)).toMatchObject({ ok: true, addresses: ["10.129.2.3"] });
    expect((await refused("http://10.200.0.1/", policy)).code).toBe("private_address");
  });

  it("accepts an exact host:port entry for loopback, and only on that port", async () => {
    const policy = { ...closed, allowedHosts: ["127.0.0.1:4110"] };
    expect(await checkApiBase("http://127.0.0.1:4110/v1", policy, noDns)).toMatchObject({ ok: true, addresses: ["127.0.0.1"] });
    const other = await refused("http://127.0.0.1:4000", policy);
    expect(other.code).toBe("blocked_address");
    expect(other.reason).toContain("loopback");
    expect((await refused("http://127.0.0.2:4110/", policy)).code).toBe("blocked_address");
  });

  it("accepts a public host and returns the addresses to pin", async () => {
    const lookup = dns({ "api.openai.com": ["162.159.140.245", "2606:4700::6812:1"] });
    const v = await checkApiBase("https://api.openai.com/v1", closed, lookup);
    expect(v).toMatchObject({ ok: true, addresses: ["162.159.140.245", "2606:4700::6812:1"] });
    expect(v.ok && v.url.href).toBe("https://api.openai.com/v1");
  });

  it("reports names that do not resolve", async () => {
    const v = await refused("https://nope.invalid/", closed, dns({}));
    expect(v.code).toBe("unresolvable");
    expect(v.reason).toContain("nope.invalid");
    expect(v.reason).toContain("ENOTFOUND");
    expect((await refused("https://empty.example/", closed, dns({ "empty.example": [] }))).code).toBe("unresolvable");
  });
});

describe("checkApiBase: blocked origins", () => {
  const env = {
    ALLOWED_API_BASE_HOSTS: ["127.0.0.1:4000", ".svc.cluster.local"],
    ALLOWED_API_BASE_CIDRS: ["10.0.0.0/8"],
    LITELLM_URL: "http://127.0.0.1:4000",
    AUTH_URL: "https://gatehouse.apps.example.com",
  };

  it("refuses the LiteLLM admin URL even when it is allow-listed", async () => {
    const v = await refused("http://127.0.0.1:4000/v1", ssrfPolicyFromEnv(env));
    expect(v.code).toBe("blocked_origin");
    expect(v.reason).toContain("LiteLLM");
  });

  it("refuses the console's own URL, default port included", async () => {
    const lookup = dns({ "gatehouse.apps.example.com": ["203.0.114.10"] });
    const v = await refused("https://gatehouse.apps.example.com:443/api", ssrfPolicyFromEnv(env), lookup);
    expect(v.code).toBe("blocked_origin");
  });

  it("refuses another name for the LiteLLM service (same address and port)", async () => {
    const policy = { ...closed, allowedHosts: [".svc.cluster.local"], blockedOrigins: ["http://litellm:4000"] };
    const lookup = dns({ "litellm.gw.svc.cluster.local": ["10.0.7.7"], litellm: ["10.0.7.7"] });
    const v = await refused("http://litellm.gw.svc.cluster.local:4000/", policy, lookup);
    expect(v.code).toBe("blocked_origin");
    // A different port on the same service is a different server.
    expect((await checkApiBase("http://litellm.gw.svc.cluster.local:8000/", policy, lookup)).ok).toBe(true);
  });
});

describe("ssrfPolicyFromEnv", () => {
  it("builds the policy and always blocks LiteLLM and the console", () => {
    expect(
      ssrfPolicyFromEnv({
        ALLOWED_API_BASE_HOSTS: [" .SVC.cluster.local "],
        ALLOWED_API_BASE_CIDRS: ["10.128.0.0/14"],
        LITELLM_URL: "http://litellm:4000",
        AUTH_URL: "https://console.example.com",
      }),
    ).toEqual({
      allowedHosts: [".svc.cluster.local"],
      allowedCidrs: ["10.128.0.0/14"],
      blockedOrigins: ["http://litellm:4000", "https://console.example.com"],
    });
  });

  it("names a malformed CIDR instead of silently ignoring it", () => {
    expect(() =>
      ssrfPolicyFromEnv({
        ALLOWED_API_BASE_HOSTS: [],
        ALLOWED_API_BASE_CIDRS: ["10.0.0/8"],
        LITELLM_URL: "http://l:4000",
        AUTH_URL: "http://c:3000",
      }),
    ).toThrow(/ALLOWED_API_BASE_CIDRS: "10\.0\.0\/8"/);
    expect(() =>
      ssrfPolicyFromEnv({
        ALLOWED_API_BASE_HOSTS: ["http://x/"],
        ALLOWED_API_BASE_CIDRS: [],
        LITELLM_URL: "http://l:4000",
        AUTH_URL: "http://c:3000",
      }),
    ).toThrow(/ALLOWED_API_BASE_HOSTS/);
  });
});
