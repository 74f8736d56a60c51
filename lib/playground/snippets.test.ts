import { describe, expect, it } from "vitest";

import { buildPlaygroundSnippets, KEY_PLACEHOLDER } from "./snippets";

describe("buildPlaygroundSnippets", () => {
  it("chat: streams, carries the system prompt and settings, and names no key", () => {
    const s = buildPlaygroundSnippets({
      baseUrl: "https://llm.example.com/",
      model: "gpt-4o-mini",
      mode: "chat",
      system: "Be brief",
      prompt: "It's a test",
      temperature: 0.2,
      maxTokens: 64,
    });
    expect(s.curl).toContain("https://llm.example.com/v1/chat/completions");
    expect(s.curl).toContain(`Bearer ${KEY_PLACEHOLDER}`);
    expect(s.curl).toContain(`'\\''`); // the apostrophe survives the shell quoting
    expect(s.curl).toContain('"max_tokens":64');
    expect(s.python).toContain('api_key=os.environ["LITELLM_API_KEY"]');
    expect(s.python).toContain('"role": "system"'.replace(": ", ":"));
    expect(`${s.curl}${s.python}`).not.toMatch(/sk-[A-Za-z0-9]/);
  });

  it("embedding: the embeddings route and the input", () => {
    const s = buildPlaygroundSnippets({ baseUrl: "http://gw:4000", model: "text-embedding-3-small", mode: "embedding", prompt: "hello" });
    expect(s.curl).toContain("http://gw:4000/v1/embeddings");
    expect(s.curl).toContain('"input":"hello"');
    expect(s.python).toContain("client.embeddings.create");
  });
});
