import http from "node:http";
import type { AddressInfo } from "node:net";

import { describe, expect, it } from "vitest";

import { CLIENT_CHAIN_HEADER, clientAddress, installClientChainStamp, stampClientChain } from "./client-address";

function stamped(xff: string | undefined, peer: string) {
  const req = { headers: (xff ? { "x-forwarded-for": xff } : {}) as Record<string, string>, socket: { remoteAddress: peer } };
  stampClientChain(req);
  return new Headers(req.headers as Record<string, string>);
}

describe("clientAddress", () => {
  it("with no trusted proxy, is the socket peer whatever X-Forwarded-For says", () => {
    for (const spoof of ["1.1.1.1", "2.2.2.2, 3.3.3.3", undefined]) {
      expect(clientAddress(stamped(spoof, "203.0.113.7"), 0)).toBe("203.0.113.7");
    }
  });

  it("with one trusted proxy (the OpenShift router), is the address the router appended, not the client's own entries", () => {
    // The client claims 1.1.1.1; the router appends the real client 198.51.100.4; the router itself connects.
    expect(clientAddress(stamped("1.1.1.1, 198.51.100.4", "10.128.2.1"), 1)).toBe("198.51.100.4");
    expect(clientAddress(stamped("198.51.100.4", "10.128.2.1"), 1)).toBe("198.51.100.4");
  });

  it("falls back to the first entry when the chain is shorter than the trusted hops", () => {
    expect(clientAddress(stamped(undefined, "10.128.2.1"), 2)).toBe("10.128.2.1");
  });

  it("overwrites a chain header the client sent itself", () => {
    const req = { headers: { [CLIENT_CHAIN_HEADER]: "6.6.6.6" } as Record<string, string>, socket: { remoteAddress: "203.0.113.7" } };
    stampClientChain(req);
    expect(clientAddress(new Headers(req.headers), 0)).toBe("203.0.113.7");
  });

  it("strips IPv4-mapped prefixes and ports", () => {
    expect(clientAddress(stamped(undefined, "::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddress(stamped("[2001:db8::1]:443", "10.0.0.1"), 1)).toBe("2001:db8::1");
    expect(clientAddress(stamped("192.0.2.1:5555", "10.0.0.1"), 1)).toBe("192.0.2.1");
  });

  it("a real HTTP server stamps the socket peer once installed", async () => {
    installClientChainStamp(http.Server);
    const server = http.createServer((req, res) => res.end(String(req.headers[CLIENT_CHAIN_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "9.9.9.9", [CLIENT_CHAIN_HEADER]: "8.8.8.8" } });
      expect(await res.text()).toBe("9.9.9.9, 127.0.0.1");
    } finally {
      server.close();
    }
  });
});
