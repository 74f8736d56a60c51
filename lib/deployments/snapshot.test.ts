import { describe, expect, it } from "vitest";

import { DeploymentSnapshot, describeAge, pageOf, sameDeployment, toIndexed, toSource, type DeploymentSource } from "./snapshot";

const dep = (id: string, name: string, info: Record<string, unknown> = {}, params: Record<string, unknown> = {}): DeploymentSource => ({
  model_name: name,
  litellm_params: { model: "openai/gpt-4o-mini", ...params },
  model_info: { id, db_model: true, mode: "chat", ...info },
});

const snapshotOf = (rows: DeploymentSource[]) => DeploymentSnapshot.empty().replace(rows.map(toIndexed), 1_000).snapshot;

describe("toIndexed", () => {
  it("keeps what readers need; secret-free litellm_params and model_info for config as code, never a secret", () => {
    const d = toIndexed(
      dep("t1", "model_name_team-a_123", { team_id: "team-a", team_public_model_name: "rag", access_groups: ["g1"], output_vector_size: 3072, mode: "embedding" }, {
        api_base: "https://x.example/?token=secret",
        api_key: "sk-secret",
        output_vector_size: 1536,
        litellm_credential_name: "azure-prod",
        rpm: 10,
      }),
    );
    expect(d).toMatchObject({ id: "t1", alias: "rag", modelName: "model_name_team-a_123", teamId: "team-a", accessGroups: ["g1"], outputVectorSize: 1536, credentialName: "azure-prod", rpm: 10, source: "db", provider: "openai" });
    const { params, info, ...fields } = d;
    expect(JSON.stringify(fields)).not.toMatch(/secret|x\.example/);
    // Plans and exports need the endpoint (an export writes it; a plan compares it); the key never.
    expect(params).toEqual({ model: "openai/gpt-4o-mini", api_base: "https://x.example/?token=secret", output_vector_size: 1536, litellm_credential_name: "azure-prod", rpm: 10 });
    expect(JSON.stringify(params)).not.toContain("sk-secret");
    expect(info).toEqual({ db_model: true, mode: "embedding", team_id: "team-a", team_public_model_name: "rag", access_groups: ["g1"], output_vector_size: 3072 });
    expect(Object.isFrozen(params) && Object.isFrozen(info)).toBe(true);
    expect(toSource(d)).toEqual({ model_name: "model_name_team-a_123", litellm_params: params, model_info: { id: "t1", ...info } });
  });

  it("drops every secret-looking key and shares equal settings between records (interned)", () => {
    const a = toIndexed(dep("s1", "same", {}, { api_base: "https://one.example/v1", aws_secret_access_key: "x", vertex_credentials: "{}", client_secret: "y", rpm: 5 }));
    const b = toIndexed(dep("s2", "same", {}, { api_base: "https://one.example/v1", aws_secret_access_key: "z", rpm: 5 }));
    expect(Object.keys(a.params).sort()).toEqual(["api_base", "model", "rpm"]);
    expect(a.params).toBe(b.params);
    expect(a.info).toBe(b.info);
    const c = toIndexed(dep("s3", "same", {}, { api_base: "https://one.example/v1", rpm: 6 }));
    expect(c.params).not.toBe(a.params);
    expect(c.params.api_base).toBe(a.params.api_base);
  });

  it("a change in litellm_params alone is a change (the incremental refresh sees it)", () => {
    const before = toIndexed(dep("p1", "m", {}, { api_version: "2024-06-01" }));
    const after = toIndexed(dep("p1", "m", {}, { api_version: "2025-01-01" }));
    expect(sameDeployment(before, toIndexed(dep("p1", "m", {}, { api_version: "2024-06-01" })))).toBe(true);
    expect(sameDeployment(before, after)).toBe(false);
  });
});

describe("DeploymentSnapshot", () => {
  const base = snapshotOf([
    dep("a1", "beta", { updated_at: "2026-01-02" }),
    dep("a2", "alpha", { updated_at: "2026-01-03" }, { model: "azure/gpt-4o", custom_llm_provider: "azure" }),
    dep("a3", "alpha", { mode: "embedding", team_id: "team-a", db_model: false }),
    dep("a4", "Gamma-embed", { mode: "embedding" }),
  ]);

  it("answers every filter of the models list, sorted like /v2/model/info, and pages it", () => {
    expect(base.query({}).map((d) => d.id)).toEqual(["a2", "a3", "a1", "a4"]);
    expect(base.query({ q: "GAMMA" }).map((d) => d.id)).toEqual(["a4"]);
    expect(base.query({ provider: "Azure" }).map((d) => d.id)).toEqual(["a2"]);
    expect(base.query({ mode: "embedding", source: "db" }).map((d) => d.id)).toEqual(["a4"]);
    expect(base.query({ team: "team-a" }).map((d) => d.id)).toEqual(["a3"]);
    expect(base.query({ where: (d) => d.alias.startsWith("a") }).map((d) => d.id)).toEqual(["a2", "a3"]);
    expect(base.query({}, "updated", "desc").map((d) => d.id).slice(0, 2)).toEqual(["a2", "a1"]);
    const page = pageOf(base.query({}), 2, 2);
    expect(page.rows.map((d) => d.id)).toEqual(["a1", "a4"]);
    expect(page.previous?.id).toBe("a3");
    expect(page.next).toBeUndefined();
  });

  it("groups by alias, counts per team, provider, mode and credential, and lists model names", () => {
    expect(base.byAlias("alpha").map((d) => d.id)).toEqual(["a2", "a3"]);
    const counts = base.counts();
    expect(counts.total).toBe(4);
    expect(counts.byTeam.get("team-a")).toBe(1);
    expect(counts.byProvider.get("openai")).toBe(3);
    expect(counts.byMode.get("embedding")).toBe(2);
    expect(counts.byAlias.get("alpha")).toBe(2);
    expect(base.modelNames()).toEqual(["Gamma-embed", "alpha", "beta"]);
    expect(base.hasModelName("beta")).toBe(true);
  });

  it("applies changes into a new snapshot and reports only what really changed", () => {
    const same = base.apply([toIndexed(dep("a1", "beta", { updated_at: "2026-01-02" }))], [], 2_000);
    expect(same.change).toEqual({ upserted: [], removed: [] });
    expect(same.snapshot.version).toBe(base.version);
    expect(same.snapshot.asOf).toBe(2_000);

    const next = base.apply([toIndexed(dep("a1", "beta", { updated_at: "2026-02-01" })), toIndexed(dep("a5", "delta"))], ["a4"], 3_000);
    expect(next.change.upserted.map((d) => d.id)).toEqual(["a1", "a5"]);
    expect(next.change.removed.map((d) => d.id)).toEqual(["a1", "a4"]);
    expect(next.snapshot.version).toBe(base.version + 1);
    expect(next.snapshot.query({}).map((d) => d.id)).toEqual(["a2", "a3", "a1", "a5"]);
    expect(base.size).toBe(4); // the old snapshot is untouched

    const replaced = next.snapshot.replace([toIndexed(dep("a2", "alpha"))], 4_000);
    expect(replaced.snapshot.size).toBe(1);
    expect(replaced.change.removed.map((d) => d.id).sort()).toEqual(["a1", "a2", "a3", "a5"]);
  });

  it("says how old it is", () => {
    expect(describeAge(10_000, 22_400)).toBe("12 s ago");
    expect(describeAge(0, 180_000)).toBe("3 min ago");
  });
});
