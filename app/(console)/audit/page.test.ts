import { describe, expect, it, vi } from "vitest";

/** /audit with the console's database down: a clear unavailable state, not a 500. */
vi.mock("@/lib/auth", () => ({
  currentUser: async () => ({ id: "local:admin", provider: "local", username: "admin", name: "Admin", role: "admin", teams: [] }),
}));
vi.mock("@/lib/db", () => ({
  prisma: async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
  },
}));
vi.mock("next/navigation", () => ({ redirect: () => undefined }));

describe("audit page", () => {
  it("shows the unavailable state with an error id when the database cannot be read", async () => {
    const { default: AuditPage } = await import("./page");
    const { AuditUnavailable } = await import("@/components/audit/audit-unavailable");
    const element = (await AuditPage({ searchParams: Promise.resolve({}) })) as { type: unknown; props: { errorId: string } };
    expect(element.type).toBe(AuditUnavailable);
    expect(element.props.errorId).toMatch(/^[0-9a-f]{8}$/);
  });
});
