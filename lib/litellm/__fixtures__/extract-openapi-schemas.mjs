// Run once by hand: node lib/litellm/__fixtures__/extract-openapi-schemas.mjs <path/to/openapi-1.96.0.json>
// Copies the request schemas the client's builders must satisfy (plus every schema they $ref) into
// openapi-schemas.json, so tests never depend on files outside the project.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";

const source = process.argv[2];
if (!source) throw new Error("usage: extract-openapi-schemas.mjs <openapi.json>");
const raw = readFileSync(source, "utf8");
const doc = JSON.parse(raw);
const all = doc.components.schemas;

const ROOTS = [
  "Deployment",
  "updateDeployment",
  "LiteLLM_Params",
  "ModelInfo",
  "ModelInfoDelete",
  "GenerateKeyRequest",
  "UpdateKeyRequest",
  "KeyRequest",
  "BlockKeyRequest",
  "RegenerateKeyRequest",
  "NewTeamRequest",
  "UpdateTeamRequest",
  "TeamMemberAddRequest",
  "TeamMemberDeleteRequest",
  "NewUserRequest",
  "UpdateUserRequest",
  "CreateCredentialItem",
  "CredentialItem",
  "Body_test_model_connection_health_test_connection_post",
];

const picked = {};
const queue = [...ROOTS];
while (queue.length) {
  const name = queue.shift();
  if (picked[name]) continue;
  if (!all[name]) throw new Error(`schema ${name} missing from ${source}`);
  picked[name] = all[name];
  for (const m of JSON.stringify(all[name]).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) queue.push(m[1]);
}

const out = {
  $comment: `Copied from LiteLLM ${doc.info.version} openapi.json (sha256 ${createHash("sha256").update(raw).digest("hex").slice(0, 16)}) by extract-openapi-schemas.mjs`,
  version: doc.info.version,
  roots: ROOTS,
  components: {
    schemas: Object.fromEntries(
      Object.keys(picked)
        .sort()
        .map((k) => [k, picked[k]]),
    ),
  },
};
const target = path.join(path.dirname(new URL(import.meta.url).pathname), "openapi-schemas.json");
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${Object.keys(picked).length} schemas to ${target}`);
