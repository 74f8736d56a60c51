import { describe, expect, it } from "vitest";
import costMapJson from "@/lib/catalog/data/model-cost-map.json";
import {
  blocking,
  buildIndex,
  checkCandidate,
  checkImport,
  checkRemoval,
  costMapDimensionFrom,
  coverage,
  needsConfirmation,
  ordinal,
  type CandidateDeployment,
  type CheckContext,
  type ConsumerAlias,
  type CostMapDimension,
  type Deployment,
  type Finding,
  type RuleId,
} from "./checks";

// A small stand-in for LiteLLM's cost map, so each expectation is visible in the test.
const COST_MAP: Record<string, CostMapDimension> = {
  "text-embedding-3-large": { size: 3072, supportsShortening: true, mode: "embedding" },
  "text-embedding-3-small": { size: 1536, supportsShortening: true, mode: "embedding" },
  "text-embedding-ada-002": { size: 1536, supportsShortening: false, mode: "embedding" },
  "gpt-4o": { supportsShortening: false, mode: "chat" },
};
const costMapDimension = (base: string): CostMapDimension => COST_MAP[base.replace(/^.*\//, "")] ?? { supportsShortening: false };

function consumer(over: Partial<ConsumerAlias> & Pick<ConsumerAlias, "alias" | "consumer" | "kind">): ConsumerAlias {
  return { required: false, ...over };
}
let nextId = 0;
function deployment(over: Partial<Deployment> & Pick<Deployment, "alias" | "baseModel">): Deployment {
  return { id: `dep-${++nextId}`, dbModel: true, ...over };
}
function ctx(consumers: ConsumerAlias[] = [], deployments: Deployment[] = []): CheckContext {
  return { consumers, deployments, costMapDimension };
}
const rules = (findings: Finding[]) => findings.map((f) => f.rule);
const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);
function one(findings: Finding[], rule: RuleId): Finding {
  const hits = only(findings, rule);
  expect(hits, `expected exactly one ${rule} in ${JSON.stringify(rules(findings))}`).toHaveLength(1);
  return hits[0];
}

const RAG = consumer({ alias: "text-embedding-3-large", consumer: "rag-pipeline", kind: "embedding", dimension: 3072, required: true });
const embedLarge: CandidateDeployment = {
  alias: "text-embedding-3-large",
  mode: "embedding",
  baseModel: "openai/text-embedding-3-large",
  outputVectorSize: 3072,
};

describe("the issue's scenario: an Azure embedding alias a pipeline expects at 1536 dimensions", () => {
  const c = ctx([consumer({ alias: "team-embed", consumer: "rag-pipeline", kind: "embedding", dimension: 1536, required: true })]);
  const base = { alias: "team-embed", baseModel: "azure/team-embed" };

  it("blocks registering it as chat", () => {
    const f = one(checkCandidate({ ...base, mode: "chat" }, c), "kind_mismatch");
    expect(f.severity).toBe("block");
    expect(f.message).toBe("rag-pipeline expects team-embed to be an embedding model, but this deployment is registered as chat.");
    expect(f.fix).toBe("Set mode to embedding, or register it under another alias.");
  });

  it("blocks an embedding without a dimension and says which size to set", () => {
    const findings = checkCandidate({ ...base, mode: "embedding" }, c);
    expect(rules(blocking(findings))).toEqual(["embedding_dimension_missing"]);
    const f = one(findings, "embedding_dimension_missing");
    expect(f.message).toBe(
      "team-embed is an embedding model but has no output dimension; pipelines and vector stores need to know the vector size.",
    );
    expect(f.fix).toBe("Set the output dimension to 1536 (rag-pipeline expects 1536).");
  });

  it("blocks 3072 dimensions because the pipeline expects 1536", () => {
    const findings = checkCandidate({ ...base, mode: "embedding", outputVectorSize: 3072 }, c);
    expect(rules(blocking(findings))).toEqual(["dimension_mismatch_consumer"]);
    expect(one(findings, "dimension_mismatch_consumer").message).toBe(
      "rag-pipeline expects team-embed to return 1536-dimensional vectors, but this deployment returns 3072.",
    );
  });

  it("lets a 1536-dimensional embedding through with no findings at all", () => {
    expect(checkCandidate({ ...base, mode: "embedding", outputVectorSize: 1536 }, c)).toEqual([]);
  });
});

describe("rule 1: kind mismatch", () => {
  it("names every consumer that expects another kind", () => {
    const c = ctx([RAG, consumer({ alias: "text-embedding-3-large", consumer: "search-indexer", kind: "embedding", dimension: 3072 })]);
    const f = one(checkCandidate({ ...embedLarge, mode: "chat" }, c), "kind_mismatch");
    expect(f.message).toBe(
      "rag-pipeline and search-indexer expect text-embedding-3-large to be an embedding model, but this deployment is registered as chat.",
    );
    expect(f.related?.consumer).toBe("rag-pipeline");
  });

  it("summarises long consumer lists", () => {
    const many = ["a-app", "b-app", "c-app", "d-app", "e-app"].map((name) =>
      consumer({ alias: "team-chat-default", consumer: name, kind: "chat" }),
    );
    const f = one(
      checkCandidate({ alias: "team-chat-default", mode: "rerank", baseModel: "cohere/rerank-v3.5" }, ctx(many)),
      "kind_mismatch",
    );
    expect(f.message).toBe(
      "a-app, b-app and 3 other consumers expect team-chat-default to be a chat model, but this deployment is registered as rerank.",
    );
    expect(f.fix).toBe("Set mode to chat, or register it under another alias.");
  });

  it("does not fire when the kind matches", () => {
    expect(only(checkCandidate(embedLarge, ctx([RAG])), "kind_mismatch")).toEqual([]);
  });

  it("ignores a consumer of another team when the deployment is team-scoped", () => {
    const c = ctx([consumer({ alias: "team-chat-default", consumer: "support-bot", kind: "chat", teamId: "support" })]);
    const findings = checkCandidate(
      { alias: "team-chat-default", mode: "image_generation", baseModel: "openai/dall-e-3", teamId: "search" },
      c,
    );
    expect(only(findings, "kind_mismatch")).toEqual([]);
  });

  it("still applies a team consumer's expectation to a deployment outside any team", () => {
    const c = ctx([consumer({ alias: "team-chat-default", consumer: "support-bot", kind: "chat", teamId: "support" })]);
    expect(rules(checkCandidate({ alias: "team-chat-default", mode: "image_generation", baseModel: "openai/dall-e-3" }, c))).toContain(
      "kind_mismatch",
    );
  });
});

describe("rule 2: embedding dimensions", () => {
  it("suggests the cost map's size when no consumer expects one", () => {
    const f = one(
      checkCandidate({ alias: "text-embedding-3-large", mode: "embedding", baseModel: "openai/text-embedding-3-large" }, ctx()),
      "embedding_dimension_missing",
    );
    expect(f.severity).toBe("block");
    expect(f.fix).toBe("Set the output dimension to 3072 (the cost map's output_vector_size for openai/text-embedding-3-large).");
  });

  it("falls back to the model card when nobody knows the size", () => {
    const f = one(
      checkCandidate({ alias: "team-embed", mode: "embedding", baseModel: "azure/team-embed" }, ctx()),
      "embedding_dimension_missing",
    );
    expect(f.fix).toBe("Set the output dimension the model returns (see the provider's model card).");
  });

  it("does not ask chat models for a dimension", () => {
    expect(checkCandidate({ alias: "team-chat-default", mode: "chat", baseModel: "openai/gpt-4o" }, ctx())).toEqual([]);
  });

  it("blocks a size the cost map contradicts, and offers shortening where the model supports it", () => {
    const f = one(checkCandidate({ ...embedLarge, outputVectorSize: 1536 }, ctx()), "dimension_mismatch_cost_map");
    expect(f.severity).toBe("block");
    expect(f.message).toBe(
      "The cost map says openai/text-embedding-3-large returns 3072-dimensional vectors, but this deployment declares 1536.",
    );
    expect(f.fix).toBe("Set the dimension to 3072, or set dimensions: 1536 to request shortened vectors.");
  });

  it("does not offer shortening for ada-002", () => {
    const f = one(
      checkCandidate({ alias: "ada", mode: "embedding", baseModel: "text-embedding-ada-002", outputVectorSize: 3072 }, ctx()),
      "dimension_mismatch_cost_map",
    );
    expect(f.fix).toBe("Set the dimension to 1536.");
  });

  it("accepts shortened outputs on text-embedding-3-* and checks them against the consumer", () => {
    const consumer1024 = consumer({ alias: "embed-1024", consumer: "rag-pipeline", kind: "embedding", dimension: 1024 });
    const ok = checkCandidate(
      { alias: "embed-1024", mode: "embedding", baseModel: "text-embedding-3-large", outputVectorSize: 3072, dimensions: 1024 },
      ctx([consumer1024]),
    );
    expect(ok).toEqual([]);
    const wrong = checkCandidate(
      { alias: "embed-1024", mode: "embedding", baseModel: "text-embedding-3-large", dimensions: 256 },
      ctx([consumer1024]),
    );
    expect(one(wrong, "dimension_mismatch_consumer").message).toBe(
      "rag-pipeline expects embed-1024 to return 1024-dimensional vectors, but this deployment returns 256.",
    );
    expect(only(wrong, "dimension_mismatch_cost_map")).toEqual([]);
  });

  it("blocks dimensions on a model that cannot shorten its output", () => {
    const f = one(
      checkCandidate({ alias: "ada", mode: "embedding", baseModel: "azure/text-embedding-ada-002", dimensions: 512 }, ctx()),
      "dimension_mismatch_cost_map",
    );
    expect(f.message).toBe(
      "azure/text-embedding-ada-002 cannot return shortened vectors, so dimensions: 512 would be ignored or rejected. It always returns 1536.",
    );
    expect(f.fix).toBe(
      "Remove dimensions and set the output dimension to 1536, or use a model that supports shortening (text-embedding-3-*).",
    );
  });

  it("blocks dimensions larger than the model returns", () => {
    const f = one(
      checkCandidate({ alias: "small", mode: "embedding", baseModel: "text-embedding-3-small", dimensions: 3072 }, ctx()),
      "dimension_mismatch_cost_map",
    );
    expect(f.message).toBe("text-embedding-3-small returns at most 1536 dimensions; dimensions: 3072 cannot be honoured.");
    expect(f.fix).toBe("Set dimensions to 1536 or less.");
  });

  it("accepts a size that matches the cost map", () => {
    expect(checkCandidate(embedLarge, ctx([RAG]))).toEqual([]);
  });
});

describe("rule 3: alias already served", () => {
  const gpt = () => [
    deployment({ alias: "gpt-4o", baseModel: "openai/gpt-4o", mode: "chat" }),
    deployment({ alias: "gpt-4o", baseModel: "azure/gpt-4o", mode: "chat" }),
  ];
  const candidate: CandidateDeployment = { alias: "gpt-4o", mode: "chat", baseModel: "azure/gpt-4o" };

  it("asks for confirmation before adding to a load-balancing group", () => {
    const findings = checkCandidate(candidate, ctx([], gpt()));
    const f = one(findings, "alias_already_served");
    expect(f.severity).toBe("confirm");
    expect(f.message).toBe("gpt-4o is already served by 2 deployments; saving adds a third to the same load-balancing group.");
    expect(f.fix).toBe("Confirm to load-balance requests across them, or choose another alias.");
    expect(needsConfirmation(findings)).toEqual([f]);
    expect(blocking(findings)).toEqual([]);
  });

  it("counts a single existing deployment correctly", () => {
    const f = one(checkCandidate(candidate, ctx([], gpt().slice(0, 1))), "alias_already_served");
    expect(f.message).toBe("gpt-4o is already served by 1 deployment; saving adds a second to the same load-balancing group.");
  });

  it("is silent once the operator has confirmed", () => {
    expect(checkCandidate(candidate, ctx([], gpt()), { confirmedGroupJoin: true })).toEqual([]);
  });

  it("ignores the deployment being edited", () => {
    const [only1] = gpt();
    expect(checkCandidate({ ...candidate, replacingDeploymentId: only1.id }, ctx([], [only1]))).toEqual([]);
  });

  it("treats a team's deployment as a separate group", () => {
    expect(only(checkCandidate({ ...candidate, teamId: "search" }, ctx([], gpt())), "alias_already_served")).toEqual([]);
    const teamGroup = [deployment({ alias: "gpt-4o", baseModel: "openai/gpt-4o", mode: "chat", teamId: "search" })];
    expect(one(checkCandidate({ ...candidate, teamId: "search" }, ctx([], teamGroup)), "alias_already_served").message).toBe(
      "gpt-4o is already served for team search by 1 deployment; saving adds a second to the same load-balancing group.",
    );
  });

  it("blocks joining a group of another kind, even when confirmed", () => {
    const group = [deployment({ alias: "text-embedding-3-large", baseModel: "openai/gpt-4o", mode: "chat" })];
    const findings = checkCandidate(embedLarge, ctx([], group), { confirmedGroupJoin: true });
    const f = one(findings, "group_kind_mismatch");
    expect(f.severity).toBe("block");
    expect(f.message).toBe(
      "text-embedding-3-large is already served by 1 deployment registered as chat; adding one registered as embedding would mix kinds in the same load-balancing group.",
    );
    expect(f.fix).toBe("Set mode to chat, or register it under another alias.");
    expect(f.related?.deploymentId).toBe(group[0].id);
    expect(only(findings, "alias_already_served")).toEqual([]);
  });

  it("uses the cost map's mode for an existing deployment without model_info.mode", () => {
    const group = [deployment({ alias: "text-embedding-3-large", baseModel: "text-embedding-3-large" })];
    const findings = checkCandidate(embedLarge, ctx([], group));
    expect(rules(findings)).toEqual(["alias_already_served"]);
  });

  it("blocks joining a group that returns another vector size", () => {
    const group = [
      deployment({ alias: "text-embedding-3-large", baseModel: "text-embedding-3-large", mode: "embedding", dimensions: 1024 }),
    ];
    const f = one(checkCandidate(embedLarge, ctx([], group)), "group_dimension_mismatch");
    expect(f.severity).toBe("block");
    expect(f.message).toBe(
      "text-embedding-3-large is already served by 1 deployment returning 1024-dimensional vectors; this one returns 3072, so the same alias would return vectors of different sizes.",
    );
    expect(f.fix).toBe("Use 1024 dimensions to match the group, or register it under another alias.");
  });

  it("spells large ordinals", () => {
    expect([ordinal(3), ordinal(11), ordinal(12), ordinal(21), ordinal(22), ordinal(103)]).toEqual([
      "third",
      "11th",
      "12th",
      "21st",
      "22nd",
      "103rd",
    ]);
  });
});

describe("rule 4: one alias for chat and embedding", () => {
  it("blocks an embedding whose alias a team serves as chat", () => {
    const other = deployment({ alias: "assistant", baseModel: "openai/gpt-4o", mode: "chat", teamId: "support" });
    const f = one(
      checkCandidate(
        { alias: "assistant", mode: "embedding", baseModel: "text-embedding-3-small", outputVectorSize: 1536 },
        ctx([], [other]),
      ),
      "chat_embedding_mixed",
    );
    expect(f.severity).toBe("block");
    expect(f.message).toBe(
      "assistant is already served as chat (team support); using the same alias for chat and embedding breaks clients that call it by name.",
    );
    expect(f.fix).toBe("Register this deployment under a distinct alias such as assistant-embedding.");
    expect(f.related).toEqual({ deploymentId: other.id, suggestion: "assistant-embedding" });
  });

  it("blocks a team chat deployment whose alias is a global embedding", () => {
    const other = deployment({ alias: "shared-embed", baseModel: "text-embedding-3-small", mode: "embedding", outputVectorSize: 1536 });
    const f = one(
      checkCandidate({ alias: "shared-embed", mode: "chat", baseModel: "openai/gpt-4o", teamId: "support" }, ctx([], [other])),
      "chat_embedding_mixed",
    );
    expect(f.message).toBe(
      "shared-embed is already served as embedding (outside any team); using the same alias for chat and embedding breaks clients that call it by name.",
    );
  });

  it("blocks when a consumer in another team expects the other kind", () => {
    const c = ctx([consumer({ alias: "assistant", consumer: "helpdesk", kind: "chat", teamId: "support" })]);
    const f = one(
      checkCandidate(
        { alias: "assistant", mode: "embedding", baseModel: "text-embedding-3-small", outputVectorSize: 1536, teamId: "search" },
        c,
      ),
      "chat_embedding_mixed",
    );
    expect(f.message).toBe(
      "helpdesk expects assistant to be a chat model (team support); using the same alias for chat and embedding breaks clients that call it by name.",
    );
  });

  it("allows the same kind in another team, and kinds other than chat/embedding", () => {
    const chatElsewhere = deployment({ alias: "assistant", baseModel: "openai/gpt-4o", mode: "chat", teamId: "support" });
    expect(
      checkCandidate({ alias: "assistant", mode: "chat", baseModel: "openai/gpt-4o", teamId: "search" }, ctx([], [chatElsewhere])),
    ).toEqual([]);
    const rerank = deployment({ alias: "ranker", baseModel: "cohere/rerank-v3.5", mode: "rerank", teamId: "support" });
    expect(
      only(
        checkCandidate(
          { alias: "ranker", mode: "embedding", baseModel: "text-embedding-3-small", outputVectorSize: 1536 },
          ctx([], [rerank]),
        ),
        "chat_embedding_mixed",
      ),
    ).toEqual([]);
  });
});

describe("rule 5: near-duplicates", () => {
  const c = ctx([RAG], [deployment({ alias: "gpt-4o", baseModel: "openai/gpt-4o", mode: "chat" })]);
  const near = (alias: string, mode: CandidateDeployment["mode"] = "embedding") =>
    only(checkCandidate({ alias, mode, baseModel: "text-embedding-3-large", outputVectorSize: 3072 }, c), "near_duplicate");

  it.each([
    "text_embedding_3_large",
    "text.embedding.3.large",
    "openai/text-embedding-3-large",
    "text-embedding-3-larg",
    "text-embeding-3-large",
  ])("warns that %s looks like the expected alias", (alias) => {
    const [f] = near(alias);
    expect(f.severity).toBe("warn");
    expect(f.message).toBe('Did you mean "text-embedding-3-large"?');
    expect(f.fix).toBe(`Use "text-embedding-3-large" (expected by rag-pipeline), or keep "${alias}" if it is a different model.`);
    expect(f.related?.suggestion).toBe("text-embedding-3-large");
  });

  it("catches case and whitespace differences (alongside the shape warning)", () => {
    const findings = checkCandidate(
      { alias: "Text Embedding 3 Large", mode: "embedding", baseModel: "text-embedding-3-large", outputVectorSize: 3072 },
      c,
    );
    expect(one(findings, "near_duplicate").message).toBe('Did you mean "text-embedding-3-large"?');
    expect(rules(findings)).toContain("alias_shape");
  });

  it("points at a served alias when no consumer expects it, and catches swapped letters", () => {
    const [f] = near("gtp-4o", "chat");
    expect(f.message).toBe('Did you mean "gpt-4o"?');
    expect(f.fix).toBe('Use "gpt-4o" (already served by 1 deployment), or keep "gtp-4o" if it is a different model.');
  });

  it("compares a dated alias by its undated name", () => {
    const [f] = near("gpt-4o-2024-08-06", "chat");
    expect(f.message).toBe('Did you mean "gpt-4o"?');
    expect(near("text-embedding-3-large-20240101")[0].related?.suggestion).toBe("text-embedding-3-large");
  });

  it("does not flag an exact match, other versions or other sizes", () => {
    expect(near("text-embedding-3-large")).toEqual([]);
    expect(near("text-embedding-3-small")).toEqual([]);
    expect(near("gpt-5", "chat")).toEqual([]);
    expect(near("gpt-4", "chat")).toEqual([]);
    expect(near("gpt-4o-mini", "chat")).toEqual([]);
  });
});

describe("rule 6: alias shape", () => {
  const shape = (alias: string, baseModel = "openai/gpt-4o") =>
    only(checkCandidate({ alias, mode: "chat", baseModel }, ctx()), "alias_shape");

  it("suggests a lowercase, hyphenated alias", () => {
    const [f] = shape("Team Chat Default");
    expect(f.severity).toBe("warn");
    expect(f.message).toBe(
      '"Team Chat Default" is not a stable alias shape: use lowercase letters, digits and . _ / - only, with no spaces.',
    );
    expect(f.fix).toBe('Use "team-chat-default".');
  });

  it("warns about a dated alias and suggests the undated name", () => {
    const [f] = shape("gpt-4o-2024-08-06");
    expect(f.message).toBe("Aliases are what clients call; a date or deployment name in it will change. Use a stable name such as gpt-4o.");
    expect(f.fix).toBe(
      'Rename the alias to "gpt-4o" and keep the dated or deployment-specific name in the base model (litellm_params.model).',
    );
  });

  it("warns about provider deployment names", () => {
    expect(shape("azure-eastus-prod-gpt4o-deployment")[0].message).toBe(
      "Aliases are what clients call; a date or deployment name in it will change. Use a stable name such as gpt-4o.",
    );
    expect(shape("my-deploy-20240101", "azure/gpt-4o-mini")[0].related?.suggestion).toBe("gpt-4o-mini");
  });

  it("accepts stable names, including a dimension in the name", () => {
    for (const alias of ["team-chat-default", "gpt-4o", "embed-3-large-1024", "openai/gpt-4.1", "llama-3.1-8b-instruct"])
      expect(shape(alias)).toEqual([]);
  });
});

describe("rule 7: removing a required alias's only deployment", () => {
  const only1 = deployment({
    alias: "text-embedding-3-large",
    baseModel: "text-embedding-3-large",
    mode: "embedding",
    outputVectorSize: 3072,
  });

  it("blocks deleting it", () => {
    const [f] = checkRemoval({ deploymentId: only1.id, kind: "delete" }, ctx([RAG], [only1]));
    expect(f.rule).toBe("required_alias_unserved");
    expect(f.severity).toBe("block");
    expect(f.message).toBe(
      "rag-pipeline requires text-embedding-3-large; deleting its only deployment leaves it unserved. Force with a reason if this is intended.",
    );
    expect(f.fix).toBe("Add another deployment under text-embedding-3-large first, or point rag-pipeline at a different alias.");
    expect(f.related).toEqual({ consumer: "rag-pipeline", deploymentId: only1.id });
  });

  it("blocks renaming it", () => {
    const [f] = checkRemoval({ deploymentId: only1.id, kind: "rename", newAlias: "embed-large" }, ctx([RAG], [only1]));
    expect(f.message).toBe(
      "rag-pipeline requires text-embedding-3-large; renaming its only deployment to embed-large leaves it unserved. Force with a reason if this is intended.",
    );
  });

  it("allows it when another deployment keeps serving, the alias is optional, or the name does not change", () => {
    const second = deployment({
      alias: "text-embedding-3-large",
      baseModel: "azure/text-embedding-3-large",
      mode: "embedding",
      outputVectorSize: 3072,
    });
    expect(checkRemoval({ deploymentId: only1.id, kind: "delete" }, ctx([RAG], [only1, second]))).toEqual([]);
    expect(checkRemoval({ deploymentId: only1.id, kind: "delete" }, ctx([{ ...RAG, required: false }], [only1]))).toEqual([]);
    expect(checkRemoval({ deploymentId: only1.id, kind: "rename", newAlias: only1.alias }, ctx([RAG], [only1]))).toEqual([]);
    expect(checkRemoval({ deploymentId: "missing", kind: "delete" }, ctx([RAG], [only1]))).toEqual([]);
  });

  it("does not count a team deployment as serving a consumer outside that team", () => {
    const teamOnly = deployment({
      alias: "text-embedding-3-large",
      baseModel: "text-embedding-3-large",
      mode: "embedding",
      teamId: "search",
    });
    expect(rules(checkRemoval({ deploymentId: only1.id, kind: "delete" }, ctx([RAG], [only1, teamOnly])))).toEqual([
      "required_alias_unserved",
    ]);
  });
});

describe("checkImport", () => {
  const served = [
    deployment({ alias: "text-embedding-3-large", baseModel: "text-embedding-3-large", mode: "embedding", outputVectorSize: 3072 }),
    deployment({ alias: "team-chat-default", baseModel: "openai/gpt-4o", mode: "chat" }),
  ];

  it("accepts a registry that matches what is served", () => {
    const records = [RAG, consumer({ alias: "team-chat-default", consumer: "portal", kind: "chat" })];
    expect(checkImport(records, ctx([], served))).toEqual([]);
  });

  it("reports kind and dimension disagreements with the served deployments", () => {
    const findings = checkImport(
      [
        consumer({ alias: "team-chat-default", consumer: "rag-pipeline", kind: "embedding", dimension: 1536 }),
        consumer({ alias: "text-embedding-3-large", consumer: "search-indexer", kind: "embedding", dimension: 1536 }),
      ],
      ctx([], served),
    );
    expect(one(findings, "kind_mismatch").message).toBe(
      "rag-pipeline expects team-chat-default to be an embedding model, but it is served as chat (1 deployment).",
    );
    expect(one(findings, "dimension_mismatch_consumer").message).toBe(
      "search-indexer expects text-embedding-3-large to return 1536-dimensional vectors, but it is served with 3072 (1 deployment).",
    );
  });

  it("reports an embedding record without a dimension", () => {
    const f = one(checkImport([consumer({ alias: "e", consumer: "rag", kind: "embedding" })], ctx()), "embedding_dimension_missing");
    expect(f.message).toBe("rag expects e to be an embedding model but gives no dimension.");
  });

  it("reports one alias expected as both chat and embedding, once", () => {
    const existing = consumer({ alias: "assistant", consumer: "helpdesk", kind: "chat" });
    const findings = checkImport(
      [
        consumer({ alias: "assistant", consumer: "rag", kind: "embedding", dimension: 1536 }),
        consumer({ alias: "assistant", consumer: "indexer", kind: "embedding", dimension: 1536 }),
      ],
      ctx([existing]),
    );
    expect(one(findings, "chat_embedding_mixed").message).toBe(
      "assistant is expected as chat by helpdesk and as embedding by rag and indexer; one alias cannot be both.",
    );
  });

  it("lets an import correct an existing record instead of conflicting with it", () => {
    const old = consumer({ alias: "assistant", consumer: "helpdesk", kind: "chat" });
    expect(checkImport([consumer({ alias: "assistant", consumer: "helpdesk", kind: "embedding", dimension: 1536 })], ctx([old]))).toEqual(
      [],
    );
  });

  it("warns about near-duplicates against served, stored and imported aliases, and about shape", () => {
    const findings = checkImport(
      [
        consumer({ alias: "Team_Chat_Default", consumer: "portal", kind: "chat" }),
        consumer({ alias: "summariser-2024-08-06", consumer: "a", kind: "chat" }),
        consumer({ alias: "sumariser-2024-08-06", consumer: "b", kind: "chat" }),
      ],
      ctx([], served),
    );
    expect(only(findings, "near_duplicate").map((f) => [f.alias, f.message])).toEqual([
      ["Team_Chat_Default", 'Did you mean "team-chat-default"?'],
      ["summariser-2024-08-06", 'Did you mean "sumariser-2024-08-06"?'],
      ["sumariser-2024-08-06", 'Did you mean "summariser-2024-08-06"?'],
    ]);
    expect(only(findings, "alias_shape").map((f) => f.related?.suggestion)).toEqual(["team_chat_default", "summariser", "sumariser"]);
  });
});

describe("coverage", () => {
  const embed = deployment({
    alias: "text-embedding-3-large",
    baseModel: "text-embedding-3-large",
    mode: "embedding",
    outputVectorSize: 3072,
  });
  const chat = deployment({ alias: "team-chat-default", baseModel: "openai/gpt-4o", mode: "chat" });
  const small = deployment({ alias: "small-embed", baseModel: "text-embedding-3-small", mode: "embedding" });
  const consumers = [
    consumer({ alias: "team-chat-default", consumer: "portal", kind: "chat" }),
    RAG,
    consumer({ alias: "small-embed", consumer: "indexer", kind: "embedding", dimension: 3072 }),
    consumer({ alias: "not-there", consumer: "portal", kind: "chat" }),
    consumer({ alias: "not-there-either", consumer: "rag-pipeline", kind: "chat", required: true }),
    consumer({ alias: "team-chat-default", consumer: "analytics", kind: "embedding", dimension: 1536 }),
  ];

  it("puts problems first, required before optional, with a reason for each", () => {
    const health = new Map([
      [chat.id, "unhealthy" as const],
      [embed.id, "healthy" as const],
    ]);
    const rows = coverage(ctx(consumers, [embed, chat, small]), health);
    expect(rows.map((r) => [r.alias, r.consumer, r.status, r.problems])).toEqual([
      ["not-there-either", "rag-pipeline", "missing", ["No deployment serves not-there-either."]],
      ["not-there", "portal", "missing", ["No deployment serves not-there."]],
      ["small-embed", "indexer", "mismatch", ["Returns 1536 dimensions, expected 3072."]],
      ["team-chat-default", "analytics", "mismatch", ["Served as chat, expected embedding.", "Its deployment is unhealthy."]],
      ["team-chat-default", "portal", "unhealthy", ["Its deployment is unhealthy."]],
      ["text-embedding-3-large", "rag-pipeline", "ok", []],
    ]);
    const rag = rows.find((r) => r.consumer === "rag-pipeline" && r.alias === "text-embedding-3-large")!;
    expect(rag).toMatchObject({ served: true, kindOk: true, dimensionOk: true, healthy: "healthy", deploymentIds: [embed.id] });
  });

  it("accepts group-level health keyed by alias and reports unknown without a map", () => {
    const rows = coverage(ctx([consumers[0]], [chat]), new Map([["team-chat-default", "healthy" as const]]));
    expect(rows[0]).toMatchObject({ healthy: "healthy", status: "ok" });
    expect(coverage(ctx([consumers[0]], [chat]))[0]).toMatchObject({ healthy: "unknown", status: "ok" });
  });

  it("only counts team deployments for their own team", () => {
    const teamChat = deployment({ alias: "team-chat-default", baseModel: "openai/gpt-4o", mode: "chat", teamId: "support" });
    const rows = coverage(ctx([consumer({ alias: "team-chat-default", consumer: "portal", kind: "chat", teamId: "sales" })], [teamChat]));
    expect(rows[0]).toMatchObject({ status: "missing", problems: ["No deployment serves team-chat-default for team sales."] });
  });
});

describe("index and cost-map adapter", () => {
  it("gives the same findings from a prebuilt index as from a context", () => {
    const c = ctx(
      [RAG],
      [deployment({ alias: "text-embedding-3-large", baseModel: "text-embedding-3-large", mode: "embedding", outputVectorSize: 1024 })],
    );
    const candidate = { ...embedLarge, alias: "Text-Embedding-3-Large" };
    const fromCtx = checkCandidate(candidate, c);
    expect(checkCandidate(candidate, buildIndex(c))).toEqual(fromCtx);
    expect(rules(fromCtx)).toEqual(["near_duplicate", "alias_shape"]);
  });

  it("orders findings block, confirm, warn", () => {
    const c = ctx([RAG], [deployment({ alias: "gpt-4o-2024-08-06", baseModel: "openai/gpt-4o", mode: "chat" })]);
    const findings = checkCandidate({ alias: "gpt-4o-2024-08-06", mode: "embedding", baseModel: "text-embedding-3-large" }, c);
    expect(findings.map((f) => f.severity)).toEqual(["block", "block", "warn"]);
  });

  it("reads sizes and shortening support from LiteLLM's cost map", () => {
    const fromJson = costMapDimensionFrom(costMapJson as Record<string, unknown>);
    expect(fromJson("text-embedding-3-large")).toEqual({ size: 3072, supportsShortening: true, mode: "embedding" });
    // azure/* entries lack output_vector_size; the bare model name supplies it.
    expect(fromJson("azure/text-embedding-3-small")).toEqual({ size: 1536, supportsShortening: true, mode: "embedding" });
    expect(fromJson("text-embedding-ada-002")).toEqual({ size: 1536, supportsShortening: false, mode: "embedding" });
    expect(fromJson("azure/team-embed")).toEqual({ size: undefined, supportsShortening: false, mode: undefined });
  });
});
