import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/service";
import { requireTier } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getLiteLLM, isLiteLLMError, type GeneratedKey, type LiteLLMClient } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { redact } from "@/lib/redact";
import { deploymentDimension, deploymentMode, listNames, type ConsumerAlias } from "./checks";
import { getDeploymentIndex, toIndexed } from "@/lib/deployments/index-store";
import { indexFromIndexed, toConsumerAlias, toDeployment } from "./context";
import type { ServiceContext, VerificationSummary } from "./service";

export type VerificationStatus = "verified" | "mismatch" | "failed";

export interface DimensionVerification {
  status: VerificationStatus;
  /** What the deployment declares (output_vector_size / dimensions), else what consumers expect. */
  expected?: number;
  /** The measured length of the returned vector. */
  actual?: number;
  message: string;
  checkedAt: string;
  /** The deployment that answered (LiteLLM's x-litellm-model-id), when LiteLLM said. */
  answeredBy?: string;
}

export interface VerifyDeps {
  client?: LiteLLMClient;
  timeoutMs?: number;
}

export const VERIFY_INPUT = "gatehouse dimension check";
/** The temporary key's limits: enough for a handful of one-line embedding calls, gone in 10 minutes. */
export const TEMP_KEY_BUDGET = 0.01;
export const TEMP_KEY_DURATION = "10m";
const MAX_ATTEMPTS = 9;

type Attempt = { ok: true; length: number; answeredBy: string | null } | { ok: false; message: string };

/** One test call through LiteLLM's data plane as the temporary key, as an operator-readable outcome. */
async function probeEmbeddings(client: LiteLLMClient, key: string, model: string, dimensions: number | undefined, timeoutMs: number): Promise<Attempt> {
  try {
    const probe = await client.dataPlane.embeddings({ apiKey: key, model, input: VERIFY_INPUT, dimensions, timeoutMs });
    if (probe.length == null) return { ok: false, message: "LiteLLM returned a base64 vector; expected a list of floats." };
    return { ok: true, length: probe.length, answeredBy: probe.answeredBy };
  } catch (error) {
    if (isLiteLLMError(error) && error.status) {
      return { ok: false, message: `LiteLLM answered the test call with HTTP ${error.status}: ${error.message}` };
    }
    if (isLiteLLMError(error)) return { ok: false, message: error.message };
    return { ok: false, message: "LiteLLM's answer holds no embedding vector." };
  }
}

/**
 * Calls /v1/embeddings through LiteLLM for the deployment's alias with a temporary virtual key and compares the
 * returned vector length with what the deployment declares and what consumers expect. The result is stored
 * (modelVerification) and audited; the temporary key is deleted whatever happens and never logged or stored.
 */
export async function verifyEmbeddingDimension({
  ctx,
  modelId,
  deps = {},
}: {
  ctx: ServiceContext;
  modelId: string;
  deps?: VerifyDeps;
}): Promise<DimensionVerification> {
  requireTier(ctx.user, "admin");
  const client = deps.client ?? getLiteLLM();
  const timeoutMs = deps.timeoutMs ?? getEnv().LITELLM_TIMEOUT_MS;

  const target = await client.models.find(modelId);
  if (!target) throw new NotFoundError(`Deployment ${modelId} was not found on LiteLLM.`);
  const alias = toDeployment(target).alias;
  // Only the alias's load-balancing group matters here: read from the deployment index, not a /model/info download.
  const [snapshot, consumerRows] = await Promise.all([
    getDeploymentIndex().snapshot(),
    prisma().then((db) => db.consumerAlias.findMany({ where: { alias } })),
  ]);
  const group = snapshot.byAlias(alias).filter((d) => d.id !== modelId);
  const deployments = [...group, toIndexed(target)];
  const index = indexFromIndexed(consumerRows.map(toConsumerAlias), deployments);
  const dep = index.deploymentsById.get(modelId)!;
  const mode = deploymentMode(index, dep);
  if (mode !== "embedding") {
    throw new ValidationError(`${dep.alias} is registered as ${mode}; only embedding models have a vector length to verify.`);
  }

  // The router groups by model_name (team models have a unique internal one), so that is what the test call uses.
  const routeName = target.model_name;
  const groupSize = deployments.filter((d) => d.modelName === routeName && !d.blocked).length || 1;
  const declared = deploymentDimension(index, dep);
  const consumers: ConsumerAlias[] = (index.consumersByAlias.get(dep.alias) ?? []).filter(
    (c) => c.kind === "embedding" && c.dimension != null && (!dep.teamId || dep.teamId === c.teamId),
  );
  const expected = declared ?? consumers[0]?.dimension;

  let measured: { length: number; answeredBy: string | null; via: "deployment" | "group" } | undefined;
  let failure: string | undefined;
  const others = new Map<string, number>();
  let generated: GeneratedKey | undefined;
  try {
    generated = await client.keys.generate({
      key_alias: `gatehouse-dimension-check-${randomUUID().slice(0, 8)}`,
      models: [routeName],
      max_budget: TEMP_KEY_BUDGET,
      duration: TEMP_KEY_DURATION,
      metadata: { purpose: "dimension-verification", model_id: modelId, requested_by: ctx.user.id },
    });
    // LiteLLM balances a group across its deployments; retry until this one answers (it says which in x-litellm-model-id).
    const attempts = groupSize > 1 ? Math.min(groupSize * 3, MAX_ATTEMPTS) : 1;
    for (let i = 0; i < attempts; i++) {
      const attempt = await probeEmbeddings(client, generated.key, routeName, dep.dimensions ?? undefined, timeoutMs);
      if (!attempt.ok) {
        failure = attempt.message;
        break;
      }
      if (attempt.answeredBy === modelId || groupSize === 1) {
        measured = { length: attempt.length, answeredBy: attempt.answeredBy, via: "deployment" };
        break;
      }
      if (!attempt.answeredBy) {
        measured = { length: attempt.length, answeredBy: null, via: "group" };
        break;
      }
      others.set(attempt.answeredBy, attempt.length);
    }
    if (!measured && !failure) {
      const lengths = [...new Set(others.values())].join(" and ");
      failure =
        `LiteLLM sent all ${attempts} test calls for ${routeName} to other deployments of its group (${others.size} of ${groupSize}); ` +
        `this deployment was not reached. The others returned ${lengths}-dimensional vectors. Try again.`;
    }
  } catch (error) {
    failure = `Could not run the test call: ${isLiteLLMError(error) ? error.message : redact((error as Error).message)}`;
  } finally {
    if (generated) {
      const token = generated.token;
      await client.keys.delete({ keys: [token] }).catch((error: unknown) => {
        // It expires in 10 minutes anyway; say so in the log (without the key).
        logger.warn("aliases.verify.temp_key_not_deleted", { modelId, error: (error as Error).message });
      });
    }
  }

  let result: DimensionVerification;
  const checkedAt = new Date();
  if (!measured) {
    result = { status: "failed", expected, message: failure ?? "The test call did not run.", checkedAt: checkedAt.toISOString() };
  } else {
    const actual = measured.length;
    const problems: string[] = [];
    if (declared != null && declared !== actual) problems.push(`the deployment declares ${declared}`);
    const wrongConsumers = consumers.filter((c) => c.dimension !== actual);
    for (const dimension of new Set(wrongConsumers.map((c) => c.dimension!))) {
      const names = [...new Set(wrongConsumers.filter((c) => c.dimension === dimension).map((c) => c.consumer))];
      problems.push(`${listNames(names, "other consumers")} ${names.length === 1 ? "expects" : "expect"} ${dimension}`);
    }
    const via =
      measured.via === "group"
        ? ` Verified via the group: LiteLLM balances ${routeName} across ${groupSize} deployments and did not say which one answered.`
        : groupSize > 1
          ? ` Measured on this deployment (one of ${groupSize} in the group).`
          : "";
    if (problems.length > 0) {
      result = {
        status: "mismatch",
        expected,
        actual,
        message: `${dep.alias} returned ${actual}-dimensional vectors, but ${problems.join(" and ")}.${via}`,
        checkedAt: checkedAt.toISOString(),
      };
    } else {
      const agreed = [
        declared != null ? "as declared" : "",
        consumers.length
          ? `as ${listNames(
              consumers.map((c) => c.consumer),
              "other consumers",
            )} ${consumers.length === 1 ? "expects" : "expect"}`
          : "",
      ]
        .filter(Boolean)
        .join(" and ");
      result = {
        status: "verified",
        expected: expected ?? actual,
        actual,
        message: `${dep.alias} returns ${actual}-dimensional vectors${agreed ? `, ${agreed}` : " (nothing declared to compare with)"}.${via}`,
        checkedAt: checkedAt.toISOString(),
      };
    }
    if (measured.answeredBy) result.answeredBy = measured.answeredBy;
  }

  const db = await prisma();
  const row = {
    alias: dep.alias,
    expected: result.expected ?? null,
    actual: result.actual ?? null,
    status: result.status,
    message: result.message,
    checkedAt,
    checkedBy: ctx.user.id,
  };
  await db.modelVerification.upsert({ where: { modelId }, create: { modelId, ...row }, update: row });
  await recordAudit({
    actor: { provider: ctx.user.provider, username: ctx.user.username },
    action: "model.verify_dimension",
    targetType: "model",
    targetId: modelId,
    teamId: dep.teamId ?? null,
    outcome: result.status === "failed" ? "failure" : "success",
    request: ctx.request,
    details: {
      alias: dep.alias,
      status: result.status,
      expected: result.expected ?? null,
      actual: result.actual ?? null,
      groupSize,
      via: measured?.via ?? null,
      message: result.message,
    },
  });
  return result;
}

/** The latest verification of each deployment asked for (missing ids: never verified). */
export async function getModelVerifications({
  ctx,
  modelIds,
}: {
  ctx: ServiceContext;
  modelIds: string[];
}): Promise<Map<string, VerificationSummary>> {
  requireTier(ctx.user, "reader");
  if (modelIds.length === 0) return new Map();
  const db = await prisma();
  const rows = await db.modelVerification.findMany({ where: { modelId: { in: [...new Set(modelIds)] } } });
  return new Map(
    rows.map((v) => [
      v.modelId,
      {
        modelId: v.modelId,
        status: v.status === "verified" || v.status === "mismatch" ? v.status : "failed",
        expected: v.expected,
        actual: v.actual,
        message: v.message,
        checkedAt: v.checkedAt.toISOString(),
      },
    ]),
  );
}

/** Drops a deployment's verification (after it is deleted or its embedding settings change). */
export async function forgetModelVerification(modelId: string): Promise<void> {
  const db = await prisma();
  // The deployment is gone: so is what the console knew about its health (dimension and Test Connect).
  await db.modelVerification.deleteMany({ where: { modelId } });
  await db.modelConnectionCheck.deleteMany({ where: { deploymentId: modelId } });
}
