import { describe, expect, it } from "vitest";

import { findProvider, parseProviderFields, providerCreateInfoSchema, providerFieldsSnapshot } from "./providers";

describe("providerFieldsSnapshot", () => {
  it("has LiteLLM's full provider list", () => {
    const list = providerFieldsSnapshot();
    expect(list.length).toBeGreaterThanOrEqual(100);
    expect(new Set(list.map((p) => p.provider)).size).toBe(list.length);
  });

  it("keeps Azure's required api_base and Vertex's credential upload", () => {
    const azure = findProvider("Azure")!;
    expect(azure.litellm_provider).toBe("azure");
    expect(azure.credential_fields.find((f) => f.key === "api_base")).toMatchObject({ required: true, field_type: "text" });
    const vertex = findProvider("Vertex_AI")!;
    expect(vertex.credential_fields.find((f) => f.key === "vertex_credentials")?.field_type).toBe("upload");
  });

  it("marks API keys as password fields", () => {
    const openai = findProvider("OpenAI")!;
    expect(openai.credential_fields.find((f) => f.key === "api_key")).toMatchObject({ field_type: "password", required: true });
  });
});

describe("parsing live provider fields", () => {
  it("defaults missing required flags and unknown field types", () => {
    const parsed = providerCreateInfoSchema.parse({
      provider: "NewThing",
      provider_display_name: "New Thing",
      litellm_provider: "new_thing",
      credential_fields: [{ key: "api_key", label: "API Key", field_type: "secret-v2" }],
    });
    expect(parsed.credential_fields[0]).toMatchObject({ required: false, field_type: "text" });
  });

  it("drops malformed entries but keeps the rest", () => {
    const list = parseProviderFields([
      { provider: "A", provider_display_name: "A", litellm_provider: "a", credential_fields: [] },
      { provider: "", litellm_provider: "b" },
      "junk",
    ]);
    expect(list.map((p) => p.provider)).toEqual(["A"]);
    expect(parseProviderFields({ detail: "nope" })).toEqual([]);
  });
});
