/** Copyable examples of the playground's call, as a consumer would make it — with a key placeholder, never a key. */

export const KEY_PLACEHOLDER = "$LITELLM_API_KEY";

export interface PlaygroundSnippetInput {
  baseUrl: string;
  model: string;
  mode: "chat" | "embedding";
  system?: string;
  prompt: string;
  temperature?: number;
  maxTokens?: number;
}

const q = (s: string) => JSON.stringify(s);
/** A JSON body inside single quotes for the shell: ' becomes '\'' */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function buildPlaygroundSnippets(input: PlaygroundSnippetInput): { curl: string; python: string } {
  const root = input.baseUrl.replace(/\/+$/, "");
  if (input.mode === "embedding") {
    const body = { model: input.model, input: input.prompt };
    return {
      curl: [
        `curl ${root}/v1/embeddings \\`,
        `  -H "Authorization: Bearer ${KEY_PLACEHOLDER}" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d ${shellQuote(JSON.stringify(body))}`,
      ].join("\n"),
      python: [
        "import os",
        "from openai import OpenAI",
        "",
        `client = OpenAI(base_url=${q(`${root}/v1`)}, api_key=os.environ["LITELLM_API_KEY"])`,
        `vector = client.embeddings.create(model=${q(input.model)}, input=${q(input.prompt)}).data[0].embedding`,
        "print(len(vector))",
      ].join("\n"),
    };
  }
  const messages = [...(input.system?.trim() ? [{ role: "system", content: input.system }] : []), { role: "user", content: input.prompt }];
  const body: Record<string, unknown> = { model: input.model, messages, stream: true };
  if (input.temperature != null) body.temperature = input.temperature;
  if (input.maxTokens != null) body.max_tokens = input.maxTokens;
  return {
    curl: [
      `curl -N ${root}/v1/chat/completions \\`,
      `  -H "Authorization: Bearer ${KEY_PLACEHOLDER}" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d ${shellQuote(JSON.stringify(body))}`,
    ].join("\n"),
    python: [
      "import os",
      "from openai import OpenAI",
      "",
      `client = OpenAI(base_url=${q(`${root}/v1`)}, api_key=os.environ["LITELLM_API_KEY"])`,
      "stream = client.chat.completions.create(",
      `    model=${q(input.model)},`,
      `    messages=${JSON.stringify(messages)},`,
      ...(input.temperature != null ? [`    temperature=${input.temperature},`] : []),
      ...(input.maxTokens != null ? [`    max_tokens=${input.maxTokens},`] : []),
      "    stream=True,",
      ")",
      "for chunk in stream:",
      '    print(chunk.choices[0].delta.content or "", end="")',
    ].join("\n"),
  };
}
