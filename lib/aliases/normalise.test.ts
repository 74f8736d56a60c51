import { describe, expect, it } from "vitest";
import {
  NearDuplicateIndex,
  aliasKey,
  differsInVersion,
  normaliseAliasShape,
  suggestStableAlias,
  unstableParts,
  variantHashes,
  withinOneEdit,
} from "./normalise";

describe("aliasKey", () => {
  it("folds case, whitespace, separators and provider prefixes into one key", () => {
    for (const a of [
      "text-embedding-3-large",
      "Text_Embedding_3_Large",
      " text.embedding.3.large ",
      "text embedding 3 large",
      "openai/text-embedding-3-large",
      "azure/TEXT-EMBEDDING-3-LARGE",
    ]) {
      expect(aliasKey(a)).toBe("text-embedding-3-large");
    }
    expect(aliasKey("gpt-4o")).not.toBe(aliasKey("gpt-4o-mini"));
  });
});

describe("withinOneEdit", () => {
  it.each([
    ["gpt-4o", "gpt-4o", true],
    ["gpt-4o", "gpt-4", true],
    ["gpt-4o", "gtp-4o", true],
    ["large", "lagre", true],
    ["large", "larger", true],
    ["large", "lxrge", true],
    ["abcd", "bcda", false],
    ["large", "small", false],
    ["ab", "ba", true],
    ["abc", "abcde", false],
  ])("%s vs %s -> %s", (a, b, want) => {
    expect(withinOneEdit(a, b)).toBe(want);
    expect(withinOneEdit(b, a)).toBe(want);
  });
});

describe("differsInVersion", () => {
  it("treats version changes as different models and letter slips as typos", () => {
    expect(differsInVersion("gpt-4", "gpt-5")).toBe(true);
    expect(differsInVersion("qwen2-7b", "qwen2-72b")).toBe(true);
    expect(differsInVersion("gpt-4o", "gpt-4")).toBe(true);
    expect(differsInVersion("team-chat-defualt", "team-chat-default")).toBe(false);
    expect(differsInVersion("gpt4o", "gpt-4o")).toBe(false);
  });
});

describe("suggestStableAlias and unstableParts", () => {
  it.each([
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["gpt-4.1-2025-04-14", "gpt-4.1"],
    ["claude-3-5-sonnet-20240620", "claude-3-5-sonnet"],
    ["azure-eastus-prod-gpt4o-deployment", "gpt-4o"],
    ["openai/gpt-4o-2024-08-06", "gpt-4o"],
    ["bedrock-us-east-1-llama-3-70b", "llama-3-70b"],
    ["my-deploy-20240101", ""],
  ])("%s -> %s", (alias, want) => {
    expect(suggestStableAlias(alias)).toBe(want);
  });

  it("spots dates and deployment names but not dimensions or versions", () => {
    expect(unstableParts("gpt-4o-2024-08-06")).toEqual({ date: true, deploymentName: false });
    expect(unstableParts("my-deploy-20240101")).toEqual({ date: true, deploymentName: true });
    expect(unstableParts("swedencentral-gpt-4o")).toEqual({ date: false, deploymentName: true });
    expect(unstableParts("embed-3-large-1024")).toEqual({ date: false, deploymentName: false });
    expect(unstableParts("llama-3.1-8b-instruct")).toEqual({ date: false, deploymentName: false });
  });

  it("normalises shape without inventing characters", () => {
    expect(normaliseAliasShape("  Team Chat  Default ")).toBe("team-chat-default");
    expect(normaliseAliasShape("_GPT-4o!")).toBe("gpt-4o");
  });
});

describe("variantHashes", () => {
  it("hashes each one-character deletion exactly as if the shorter string were hashed", () => {
    const key = "text-embedding-3-large";
    const hashes = variantHashes(key);
    expect(hashes).toHaveLength(key.length + 1);
    for (let j = 0; j < key.length; j++) expect(hashes[j + 1]).toBe(variantHashes(key.slice(0, j) + key.slice(j + 1))[0]);
    expect(new Set(hashes.slice(1)).size).toBeGreaterThan(key.length - 3);
  });
});

describe("NearDuplicateIndex", () => {
  const index = new NearDuplicateIndex(["text-embedding-3-large", "gpt-4o", "gpt-4", "qwen2-7b", "o1", "team-chat-default"]);

  it("finds normalised and one-edit neighbours but never the alias itself", () => {
    expect(index.lookup("TEXT_EMBEDDING_3_LARGE")).toEqual([{ alias: "text-embedding-3-large", how: "normalised" }]);
    expect(index.lookup("team-chat-defualt")).toEqual([{ alias: "team-chat-default", how: "one-edit" }]);
    expect(index.lookup("team-chat-default")).toEqual([]);
    expect(index.lookup("gpt-5")).toEqual([]);
    expect(index.lookup("o3")).toEqual([]);
    expect(index.lookup("qwen2-72b")).toEqual([]);
  });

  it("answers quickly from 50,000 aliases (hash lookups, not a scan)", () => {
    const big = new NearDuplicateIndex();
    for (let i = 0; i < 50_000; i++) big.add(`team${i}-service-${i % 97}-model-${i % 13}`);
    const start = performance.now();
    for (let i = 0; i < 1_000; i++) big.lookup(`team${i}-servise-${i % 97}-model-${i % 13}`);
    const perLookup = (performance.now() - start) / 1_000;
    expect(big.lookup("team5-servise-5-model-5")).toEqual([{ alias: "team5-service-5-model-5", how: "one-edit" }]);
    expect(perLookup).toBeLessThan(2);
  });
});
