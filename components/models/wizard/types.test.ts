import { describe, expect, it } from "vitest";

import { currentRefusal, draftKeyOf, emptyValues, type SaveRefusal, type WizardValues } from "./types";

const draft = (patch: Partial<WizardValues> = {}): WizardValues => ({
  ...emptyValues(),
  providerFlowId: "openai",
  alias: "rag-embed",
  upstreamModel: "text-embedding-3-large",
  mode: "embedding",
  outputVectorSize: "3072",
  ...patch,
});

describe("currentRefusal (the review step's 'Not saved' box)", () => {
  const refusedFor = (values: WizardValues): SaveRefusal => ({
    message: "Not saved: rag-embed returns 3072 dimensions; ingest-pipeline expects 1536.",
    findings: [],
    draftKey: draftKeyOf(values),
  });

  it("shows the refusal while the inputs are the refused draft", () => {
    const refused = draft();
    expect(currentRefusal(refusedFor(refused), draft())).toMatchObject({ message: expect.stringContaining("3072") });
  });

  it("drops it as soon as an input changes (the dimension from 3072 to 1536), and does not bring it back for another draft", () => {
    const refusal = refusedFor(draft());
    expect(currentRefusal(refusal, draft({ outputVectorSize: "1536" }))).toBeNull();
    expect(currentRefusal(refusal, draft({ params: { api_key: "sk-other" } }))).toBeNull();
    expect(currentRefusal(refusal, draft({ tags: ["x"] }))).toBeNull();
    // Changing it back to exactly what was refused shows the refusal again: it is still true for that draft.
    expect(currentRefusal(refusal, draft({ outputVectorSize: "3072" }))).toBe(refusal);
  });

  it("shows nothing without a refusal", () => {
    expect(currentRefusal(null, draft())).toBeNull();
  });
});
