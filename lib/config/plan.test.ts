import { describe, expect, it } from "vitest";

import type { LiteLLMDeployment } from "@/lib/litellm/schemas/models";

import { parseConfigText } from "./formats";
import { buildPlan, planExitCode } from "./plan";

const ok = async (raw: string) => ({ ok: true as const, url: new URL(raw), normalised: new URL(raw).href, addresses: ["203.0.113.5"] });

async function plan(yaml: string, live: LiteLLMDeployment[] = [], consumers: Parameters<typeof buildPlan>[0]["consumers"] = []) {
  const parsed = parseConfigText(yaml);
  expect(parsed.issues).toEqual([]);
  return (await buildPlan({ parsed, source: "t", prune: false, live: { deployments: live, calls: 1, pagedBy: "v2 pages" }, consumers, credentialNames: new Set(["shared"]), checkApiBase: ok })).plan;
}

const entry = (lines: string[]) => ["model_list:", ...lines].join("\n");

describe("plan rules (the wizard's and the alias registry's)", () => {
  it("Azure api_version, provider × mode and the embedding dimension block with paths into the file", async () => {
    const p = await plan(
      entry([
        "  - model_name: az",
        "    litellm_params: { model: azure/gpt-4o, api_base: 'https://res.openai.azure.com/', api_version: 'v1-latest', api_key: os.environ/AZ }",
        "    model_info: { mode: chat }",
        "  - model_name: claude-embed",
        "    litellm_params: { model: anthropic/claude-3-5-sonnet, api_key: os.environ/A }",
        "    model_info: { mode: embedding, output_vector_size: 1024 }",
        "  - model_name: emb",
        "    litellm_params: { model: openai/text-embedding-3-small, api_key: os.environ/O }",
        "    model_info: { mode: embedding }",
      ]),
    );
    const by = (n: string) => p.items.find((i) => i.name === n)!;
    expect(by("az")).toMatchObject({ action: "blocked" });
    expect(by("az").findings).toContainEqual(expect.objectContaining({ severity: "block", path: "model_list[0].litellm_params.api_version", message: expect.stringMatching(/API version is a date/) }));
    expect(by("claude-embed").findings).toContainEqual(expect.objectContaining({ severity: "block", path: "model_list[1].model_info.mode" }));
    expect(by("emb").findings).toContainEqual(expect.objectContaining({ severity: "block", path: "model_list[2].litellm_params.output_vector_size", message: expect.stringMatching(/need a dimension/) }));
    expect(planExitCode(p)).toBe(1);
  });

  it("a consumer that requires the alias at another dimension blocks; joining an alias needs confirmation; secrets are masked", async () => {
    const live = [
      { model_name: "chat", litellm_params: { model: "openai/gpt-4o-mini" }, model_info: { id: "l1", mode: "chat", db_model: true } },
    ] as unknown as LiteLLMDeployment[];
    const p = await plan(
      entry([
        "  - model_name: rag",
        "    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-live-secret-123456, output_vector_size: 1536 }",
        "    model_info: { mode: embedding }",
        "  - model_name: chat",
        "    litellm_params: { model: openai/gpt-4o, api_key: os.environ/K }",
        "    model_info: { mode: chat }",
      ]),
      live,
      [{ alias: "rag", consumer: "search", kind: "embedding", dimension: 1024, required: true }],
    );
    const rag = p.items.find((i) => i.name === "rag")!;
    expect(rag.action).toBe("blocked");
    expect(rag.findings).toContainEqual(expect.objectContaining({ rule: "dimension_mismatch_consumer", severity: "block" }));
    expect(JSON.stringify(p)).not.toContain("sk-live-secret-123456");
    const chat = p.items.find((i) => i.name === "chat")!;
    expect(chat).toMatchObject({ action: "add", needsConfirmation: true });
  });

  it("compares field by field, ignores secrets and proxy defaults, and clears what the file dropped", async () => {
    const live = [
      { model_name: "m", litellm_params: { model: "openai/m", api_base: "https://api.example.com/v1", rpm: 5, timeout: 30, use_in_pass_through: false }, model_info: { id: "x1", mode: "chat", db_model: true, max_tokens: 100 } },
    ] as unknown as LiteLLMDeployment[];
    const p = await plan(entry(["  - model_name: m", "    litellm_params: { model: openai/m, api_base: 'https://API.example.com/v1', api_key: os.environ/K, rpm: 6 }", "    model_info: { id: x1, mode: chat }"]), live);
    expect(p.items[0]).toMatchObject({
      action: "change",
      changes: [
        { field: "litellm_params.rpm", before: 5, after: 6 },
        { field: "litellm_params.timeout", before: 30, after: undefined },
      ],
    });
  });
});
