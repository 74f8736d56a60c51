import { describe, expect, it } from "vitest";
import { diffRegistry, parseRegistry, serialiseRegistry } from "./registry-format";
import type { ConsumerAlias } from "./checks";

const YAML_DOC = `
consumer: rag-pipeline          # default for entries
aliases:
  - alias: text-embedding-3-large
    kind: embedding
    dimension: 3072
    required: true
    team: search
    note: "ingest + query"
  - alias: team-chat-default
    consumer: portal
    kind: Chat
`;

describe("parseRegistry", () => {
  it("reads the YAML format with a default consumer", () => {
    expect(parseRegistry(YAML_DOC)).toEqual({
      records: [
        {
          alias: "text-embedding-3-large",
          consumer: "rag-pipeline",
          kind: "embedding",
          dimension: 3072,
          required: true,
          teamId: "search",
          note: "ingest + query",
        },
        { alias: "team-chat-default", consumer: "portal", kind: "chat", required: false },
      ],
      errors: [],
    });
  });

  it("reads a top-level list, and JSON", () => {
    const list = parseRegistry("- alias: a-chat\n  consumer: app\n  kind: chat\n");
    expect(list).toEqual({ records: [{ alias: "a-chat", consumer: "app", kind: "chat", required: false }], errors: [] });
    const json = parseRegistry(JSON.stringify({ consumer: "app", aliases: [{ alias: "e", kind: "embedding", dimension: 768 }] }), "auto");
    expect(json.records).toEqual([{ alias: "e", consumer: "app", kind: "embedding", dimension: 768, required: false }]);
  });

  it("explains each bad entry by its path and keeps the good ones", () => {
    const text = `
aliases:
  - alias: good
    consumer: app
    kind: chat
  - alias: vectors
    consumer: app
    kind: embedding
  - alias: vectors2
    kind: embeddings
    dimensions: 1536
    required: "yes"
  - alias: chatty
    consumer: app
    kind: chat
    dimension: 1536
  - alias: good
    consumer: app
    kind: chat
  - just a string
`;
    const { records, errors } = parseRegistry(text);
    expect(records.map((r) => r.alias)).toEqual(["good"]);
    expect(errors).toEqual([
      { path: "aliases[1].dimension", message: "embedding aliases need a dimension" },
      { path: "aliases[2].dimensions", message: "unknown field (did you mean dimension?)" },
      { path: "aliases[2].consumer", message: "required (set it on the entry or as a top-level default)" },
      {
        path: "aliases[2].kind",
        message:
          '"embeddings" is not a kind; use one of chat, embedding, image_generation, audio_transcription, audio_speech, rerank, completion, moderation',
      },
      { path: "aliases[2].required", message: "must be true or false" },
      { path: "aliases[3].dimension", message: "only embedding aliases have a dimension" },
      { path: "aliases[4]", message: "duplicate of aliases[0] (same alias and consumer)" },
      { path: "aliases[5]", message: "each entry must be a mapping with at least alias and kind" },
    ]);
  });

  it("reports unparseable text and wrong top-level shapes", () => {
    expect(parseRegistry("{ not json", "json").errors[0].message).toMatch(/^Not valid JSON: /);
    expect(parseRegistry("aliases: [unclosed", "yaml").errors[0].message).toMatch(/^Not valid YAML: /);
    expect(parseRegistry("just text").errors).toEqual([
      { path: "", message: "Expected a list of aliases, or a mapping with consumer and aliases." },
    ]);
    expect(parseRegistry("consumer: app\nalias: x\n").errors).toEqual([
      { path: "alias", message: "unknown field (expected consumer and aliases)" },
      { path: "aliases", message: "must be a list of alias entries" },
    ]);
    expect(parseRegistry("- alias: x\n  consumer: app\n  kind: embedding\n  dimension: 1.5\n").errors).toEqual([
      { path: "[0].dimension", message: "must be a positive whole number" },
    ]);
  });
});

describe("serialiseRegistry", () => {
  const records: ConsumerAlias[] = [
    { alias: "team-chat-default", consumer: "portal", kind: "chat", required: false },
    {
      alias: "text-embedding-3-large",
      consumer: "rag-pipeline",
      kind: "embedding",
      dimension: 3072,
      required: true,
      teamId: "search",
      note: "ingest + query",
    },
  ];

  it("round-trips through YAML and JSON", () => {
    for (const format of ["yaml", "json"] as const) {
      const text = serialiseRegistry(records, format);
      expect(parseRegistry(text, format)).toEqual({ records, errors: [] });
      expect(parseRegistry(text, "auto").records).toEqual(records);
    }
  });

  it("hoists a shared consumer and writes fields in a readable order", () => {
    expect(serialiseRegistry([records[1]], "yaml")).toBe(
      "consumer: rag-pipeline\naliases:\n  - alias: text-embedding-3-large\n    kind: embedding\n    dimension: 3072\n    required: true\n    team: search\n    note: ingest + query\n",
    );
  });
});

describe("diffRegistry", () => {
  it("splits an import into added, changed, unchanged and removed by (alias, consumer)", () => {
    const a: ConsumerAlias = { alias: "a", consumer: "app", kind: "chat", required: false };
    const b: ConsumerAlias = { alias: "b", consumer: "app", kind: "embedding", dimension: 1536, required: true };
    const c: ConsumerAlias = { alias: "c", consumer: "app", kind: "chat", required: false };
    const bResized = { ...b, dimension: 3072 };
    const aOtherConsumer = { ...a, consumer: "other" };
    expect(diffRegistry([a, b, c], [a, bResized, aOtherConsumer])).toEqual({
      added: [aOtherConsumer],
      changed: [{ before: b, after: bResized }],
      unchanged: [a],
      removed: [c],
    });
  });
});
