import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { signInBucket, verifyBreakGlass } from "./break-glass";

const hash = bcrypt.hashSync("correct horse", 4);

describe("verifyBreakGlass", () => {
  it("accepts admin with the right password", async () => {
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "correct horse" },
        { passwordHash: hash, allowMasterKey: false },
      ),
    ).toBe(true);
  });
  it("rejects a wrong password", async () => {
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "nope" },
        { passwordHash: hash, allowMasterKey: false },
      ),
    ).toBe(false);
  });
  it("rejects another username even with the right password", async () => {
    expect(
      await verifyBreakGlass(
        { username: "root", password: "correct horse" },
        { passwordHash: hash, allowMasterKey: false },
      ),
    ).toBe(false);
  });
  it("accepts the master key only when master-key login is enabled", async () => {
    const config = { passwordHash: hash, masterKey: "sk-master-123" };
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "sk-master-123" },
        { ...config, allowMasterKey: false },
      ),
    ).toBe(false);
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "sk-master-123" },
        { ...config, allowMasterKey: true },
      ),
    ).toBe(true);
  });
  it("is off when nothing is configured", async () => {
    expect(
      await verifyBreakGlass(
        { username: "admin", password: "" },
        { allowMasterKey: false },
      ),
    ).toBe(false);
  });
  it("buckets failures per IP and username", () => {
    expect(signInBucket("10.0.0.1", "Admin")).toBe("signin:10.0.0.1:admin");
    expect(signInBucket(null, "admin")).toBe("signin:unknown:admin");
  });
});
