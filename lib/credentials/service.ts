import "server-only";

import type { ServiceContext } from "@/lib/aliases/service";
import { recordAudit } from "@/lib/audit/service";
import { canReadPlatform, requireTier } from "@/lib/auth/permissions";
import { parseProviderFields, providerFieldsSnapshot, type ProviderCreateInfo } from "@/lib/catalog/providers";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { getLiteLLM, isNotFound, type LiteLLMClient, type LiteLLMCredential, type LiteLLMDeployment } from "@/lib/litellm";
import { logger } from "@/lib/logger";
import { aliasOf } from "@/lib/models/list";
import { isEnvRef } from "@/lib/models/provider-flows";
import { checkOutboundUrl, type SsrfVerdict } from "@/lib/net/ssrf";

import type { CredentialCreate, CredentialDeleteInput, CredentialRotate } from "./schemas";

export interface CredentialsDeps {
  litellm?: LiteLLMClient;
  /** The SSRF guard (lib/net); swappable in tests. */
  checkUrl?: (raw: string) => Promise<SsrfVerdict>;
}

/** Credential fields that hold the URL LiteLLM will call with this credential. */
const URL_FIELDS = ["api_base", "base_url"];

/** The SSRF guard on a credential's URL fields; returns the values with each URL replaced by the checked, normalised one. */
async function guardCredentialUrls(values: Record<string, string>, deps: CredentialsDeps): Promise<Record<string, string>> {
  const check = deps.checkUrl ?? ((raw: string) => checkOutboundUrl(raw));
  const out = { ...values };
  for (const key of URL_FIELDS) {
    const value = out[key];
    if (!value || isEnvRef(value)) continue;
    const verdict = await check(value);
    if (!verdict.ok) throw new ValidationError(`Refused before anything was saved: ${verdict.reason}`, { [`values.${key}`]: [verdict.reason] });
    out[key] = verdict.normalised;
  }
  return out;
}

/** A deployment that references a credential by name (`litellm_params.litellm_credential_name`). */
export interface CredentialUser {
  id: string;
  alias: string;
}

/** One stored credential as the browser sees it: field names only, never a value (not even LiteLLM's masked ones). */
export interface CredentialRow {
  name: string;
  /** LiteLLM provider id from credential_info.custom_llm_provider, e.g. "openai". */
  provider: string | null;
  providerLabel: string | null;
  description: string | null;
  /** Keys that hold a value, shown as "•••• configured". */
  configuredFields: string[];
  usedBy: CredentialUser[];
}

/** A provider's create form, trimmed to what the credential form needs. */
export interface CredentialProviderOption {
  provider: string;
  label: string;
  litellmProvider: string;
  fields: { key: string; label: string; placeholder: string | null; tooltip: string | null; required: boolean; secret: boolean; options: string[] | null }[];
}

export class CredentialInUseError extends ConflictError {
  readonly details: { usedBy: CredentialUser[] };
  constructor(name: string, usedBy: CredentialUser[]) {
    const shown = usedBy.slice(0, 5).map((u) => u.alias);
    const more = usedBy.length > 5 ? ` and ${usedBy.length - 5} more` : "";
    super(
      `${name} is used by ${usedBy.length} deployment${usedBy.length === 1 ? "" : "s"} (${shown.join(", ")}${more}). ` +
        "Point them at another credential or delete them first.",
    );
    this.details = { usedBy };
  }
}

const actorOf = (ctx: ServiceContext) => ({ provider: ctx.user.provider, username: ctx.user.username });
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

function requireReader(ctx: ServiceContext) {
  if (!canReadPlatform(ctx.user)) throw new ForbiddenError("Credentials are visible to console admins and viewers.");
}

/** Deployments per credential name, from ONE model listing. */
export function usersByCredential(deployments: LiteLLMDeployment[]): Map<string, CredentialUser[]> {
  const out = new Map<string, CredentialUser[]>();
  for (const d of deployments) {
    const name = text(d.litellm_params.litellm_credential_name);
    if (!name) continue;
    const list = out.get(name) ?? [];
    list.push({ id: d.model_info.id, alias: aliasOf(d) });
    out.set(name, list);
  }
  return out;
}

/** Field names that hold a value; the values themselves are dropped here and never leave the server. */
export function configuredFields(credential: Pick<LiteLLMCredential, "credential_values">): string[] {
  return Object.entries(credential.credential_values ?? {})
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k]) => k)
    .sort();
}

export function toCredentialRow(c: LiteLLMCredential, users: Map<string, CredentialUser[]>, providers: ProviderCreateInfo[]): CredentialRow {
  const provider = text(c.credential_info?.custom_llm_provider);
  const info = provider ? providers.find((p) => p.litellm_provider === provider) : undefined;
  return {
    name: c.credential_name,
    provider,
    providerLabel: info?.provider_display_name ?? provider,
    description: text(c.credential_info?.description),
    configuredFields: configuredFields(c),
    usedBy: users.get(c.credential_name) ?? [],
  };
}

/** The proxy's own provider list when it serves one, else the bundled snapshot. */
export async function loadProviders(litellm: LiteLLMClient): Promise<ProviderCreateInfo[]> {
  try {
    const live = parseProviderFields(await litellm.public.providerFields());
    if (live.length > 0) return live;
  } catch (error) {
    logger.warn("credentials.provider_fields_unavailable", { error: (error as Error).message });
  }
  return providerFieldsSnapshot();
}

export function toProviderOptions(providers: ProviderCreateInfo[]): CredentialProviderOption[] {
  return providers
    .filter((p) => p.credential_fields.length > 0)
    .map((p) => ({
      provider: p.provider,
      label: p.provider_display_name,
      litellmProvider: p.litellm_provider,
      fields: p.credential_fields.map((f) => ({
        key: f.key,
        label: f.label,
        placeholder: f.placeholder ?? null,
        tooltip: f.tooltip ?? null,
        required: f.required,
        secret: f.field_type === "password" || /key|secret|token|password|credentials/i.test(f.key),
        options: f.options ?? null,
      })),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface CredentialsPage {
  credentials: CredentialRow[];
  providers: CredentialProviderOption[];
}

export async function listCredentials({ ctx }: { ctx: ServiceContext }, deps: CredentialsDeps = {}): Promise<CredentialsPage> {
  requireReader(ctx);
  const litellm = deps.litellm ?? getLiteLLM();
  const [credentials, deployments, providers] = await Promise.all([litellm.credentials.list(), litellm.models.list(), loadProviders(litellm)]);
  const users = usersByCredential(deployments);
  return {
    credentials: credentials.map((c) => toCredentialRow(c, users, providers)).sort((a, b) => a.name.localeCompare(b.name)),
    providers: toProviderOptions(providers),
  };
}

async function findCredential(litellm: LiteLLMClient, name: string): Promise<LiteLLMCredential | null> {
  try {
    return await litellm.credentials.get(name);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Values must belong to the provider's form; required fields must be filled. */
function checkValues(provider: ProviderCreateInfo, values: Record<string, string>, requireAll: boolean) {
  const known = new Set(provider.credential_fields.map((f) => f.key));
  const fieldErrors: Record<string, string[]> = {};
  for (const key of Object.keys(values)) if (!known.has(key)) fieldErrors[`values.${key}`] = [`${provider.provider_display_name} has no field ${key}.`];
  if (requireAll) {
    for (const f of provider.credential_fields) if (f.required && !values[f.key]) fieldErrors[`values.${f.key}`] = [`Enter ${f.label}`];
  }
  if (Object.keys(fieldErrors).length > 0) throw new ValidationError("Some fields need attention.", fieldErrors);
}

export async function createCredential({ ctx, input }: { ctx: ServiceContext; input: CredentialCreate }, deps: CredentialsDeps = {}): Promise<{ name: string }> {
  requireTier(ctx.user, "admin");
  const litellm = deps.litellm ?? getLiteLLM();
  const providers = await loadProviders(litellm);
  const provider = providers.find((p) => p.provider === input.provider);
  if (!provider) throw new ValidationError("Unknown provider.", { provider: ["Choose a provider from the list"] });
  checkValues(provider, input.values, true);
  const values = await guardCredentialUrls(input.values, deps);
  // LiteLLM has no duplicate check: a second create fails late with a 500 (CONTRACT §2.2).
  if (await findCredential(litellm, input.name)) {
    throw new ValidationError("That name is taken.", { name: [`A credential named ${input.name} already exists.`] });
  }
  const credential_info: Record<string, unknown> = { custom_llm_provider: provider.litellm_provider };
  if (input.description) credential_info.description = input.description;
  const details = { provider: provider.litellm_provider, fields: Object.keys(input.values).sort() };
  try {
    await litellm.credentials.create({ credential_name: input.name, credential_info, credential_values: values });
  } catch (error) {
    await recordAudit({ actor: actorOf(ctx), action: "credential.create", targetType: "credential", targetId: input.name, outcome: "failure", request: ctx.request, details: { ...details, error: (error as Error).message } });
    throw error;
  }
  await recordAudit({ actor: actorOf(ctx), action: "credential.create", targetType: "credential", targetId: input.name, outcome: "success", request: ctx.request, details });
  return { name: input.name };
}

/** New values for some fields (the rest are kept: LiteLLM merges). PATCH needs name, info and values together. */
export async function rotateCredential({ ctx, input }: { ctx: ServiceContext; input: CredentialRotate }, deps: CredentialsDeps = {}): Promise<{ name: string }> {
  requireTier(ctx.user, "admin");
  const litellm = deps.litellm ?? getLiteLLM();
  const existing = await findCredential(litellm, input.name);
  if (!existing) throw new NotFoundError(`Credential ${input.name} does not exist.`);
  const providerId = text(existing.credential_info?.custom_llm_provider);
  const provider = providerId ? (await loadProviders(litellm)).find((p) => p.litellm_provider === providerId) : undefined;
  if (provider) checkValues(provider, input.values, false);
  const values = await guardCredentialUrls(input.values, deps);
  // Older proxies replace credential_info on every PATCH (CONTRACT §2.2): always send all of it.
  const credential_info: Record<string, unknown> = { ...(existing.credential_info ?? {}) };
  if (input.description !== undefined) credential_info.description = input.description;
  const details = { fields: Object.keys(input.values).sort(), ...(input.description !== undefined ? { description_changed: true } : {}) };
  try {
    await litellm.credentials.update(input.name, { credential_name: input.name, credential_info, credential_values: values });
  } catch (error) {
    await recordAudit({ actor: actorOf(ctx), action: "credential.rotate", targetType: "credential", targetId: input.name, outcome: "failure", request: ctx.request, details: { ...details, error: (error as Error).message } });
    if (isNotFound(error)) throw new NotFoundError(`Credential ${input.name} does not exist.`);
    throw error;
  }
  await recordAudit({ actor: actorOf(ctx), action: "credential.rotate", targetType: "credential", targetId: input.name, outcome: "success", request: ctx.request, details });
  return { name: input.name };
}

/** Refused while any deployment references it: LiteLLM would delete it and leave those deployments without a key. */
export async function deleteCredential({ ctx, input }: { ctx: ServiceContext; input: CredentialDeleteInput }, deps: CredentialsDeps = {}): Promise<{ name: string }> {
  requireTier(ctx.user, "admin");
  const litellm = deps.litellm ?? getLiteLLM();
  const name = input.name.trim();
  // LiteLLM reports success for a name that does not exist (CONTRACT §2.2), so look first.
  const [existing, deployments] = await Promise.all([findCredential(litellm, name), litellm.models.list()]);
  if (!existing) throw new NotFoundError(`Credential ${name} does not exist.`);
  const usedBy = usersByCredential(deployments).get(name) ?? [];
  if (usedBy.length > 0) {
    await recordAudit({ actor: actorOf(ctx), action: "credential.delete", targetType: "credential", targetId: name, outcome: "denied", request: ctx.request, details: { reason: "in_use", used_by: usedBy.length } });
    throw new CredentialInUseError(name, usedBy);
  }
  try {
    await litellm.credentials.delete(name);
  } catch (error) {
    await recordAudit({ actor: actorOf(ctx), action: "credential.delete", targetType: "credential", targetId: name, outcome: "failure", request: ctx.request, details: { error: (error as Error).message } });
    throw error;
  }
  await recordAudit({ actor: actorOf(ctx), action: "credential.delete", targetType: "credential", targetId: name, outcome: "success", request: ctx.request, details: {} });
  return { name };
}
