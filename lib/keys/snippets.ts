/** Ready-to-run client snippets for a freshly issued key. Built in the browser from the action's result only. */

export interface SnippetInput {
  /** The gateway's public URL (LITELLM_PUBLIC_URL, else LITELLM_URL), without a trailing slash. */
  baseUrl: string;
  key: string;
  model: string;
}

export interface Snippets {
  curl: string;
  python: string;
  node: string;
}

const q = (s: string) => JSON.stringify(s);

export function buildSnippets({ baseUrl, key, model }: SnippetInput): Snippets {
  const root = baseUrl.replace(/\/+$/, "");
  const curl = [
    `curl ${root}/v1/chat/completions \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify({ model, messages: [{ role: "user", content: "Hello" }] })}'`,
  ].join("\n");
  const python = [
    "from openai import OpenAI",
    "",
    `client = OpenAI(base_url=${q(`${root}/v1`)}, api_key=${q(key)})`,
    `response = client.chat.completions.create(`,
    `    model=${q(model)},`,
    `    messages=[{"role": "user", "content": "Hello"}],`,
    ")",
    "print(response.choices[0].message.content)",
  ].join("\n");
  const node = [
    'import OpenAI from "openai";',
    "",
    `const client = new OpenAI({ baseURL: ${q(`${root}/v1`)}, apiKey: ${q(key)} });`,
    "const response = await client.chat.completions.create({",
    `  model: ${q(model)},`,
    '  messages: [{ role: "user", content: "Hello" }],',
    "});",
    "console.log(response.choices[0].message.content);",
  ].join("\n");
  return { curl, python, node };
}

/** The model a snippet should name: the first concrete model of the key, else a placeholder. */
export function snippetModel(models: string[], fallback = "gpt-4o-mini"): string {
  return models.find((m) => m !== "all-team-models" && m !== "all-proxy-models" && !m.includes("*")) ?? fallback;
}
