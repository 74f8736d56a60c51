/**
 * Keeps the deployment artefacts honest without a cluster or a container engine: the OpenShift
 * Kustomize base/overlays (rendered here from kustomization.yaml, no kustomize binary needed),
 * the Containerfile and the compose stack. Each assertion names what an operator would hit.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { parseBindingsFile } from "@/lib/auth/bindings-file";
import { envSchema, migrationEnvSchema, parseEnv } from "@/lib/env";

// ---------------------------------------------------------------------------------------------
// Loading and a minimal Kustomize renderer (resources, strategic-merge patch files, namespace, images)

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are untyped YAML */
type K8s = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
};

const DEPLOY = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(DEPLOY, "..");
const OPENSHIFT = path.join(DEPLOY, "openshift");
const BASE = path.join(OPENSHIFT, "base");
const rel = (file: string) => path.relative(ROOT, file);

function readYaml(file: string): K8s[] {
  const docs = parseAllDocuments(fs.readFileSync(file, "utf8"));
  const out: K8s[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${rel(file)}: ${doc.errors[0]!.message}`);
    const value = doc.toJS();
    if (value) out.push(value);
  }
  return out;
}

function readKustomization(dir: string): any {
  return readYaml(path.join(dir, "kustomization.yaml"))[0];
}

const isPlainObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Strategic merge, as far as these manifests need it: maps merge, lists of named items merge by name. */
function merge(target: any, patch: any): any {
  if (isPlainObject(target) && isPlainObject(patch)) {
    for (const [key, value] of Object.entries(patch)) target[key] = key in target ? merge(target[key], value) : value;
    return target;
  }
  if (Array.isArray(target) && Array.isArray(patch) && patch.every((p) => isPlainObject(p) && typeof p.name === "string")) {
    for (const item of patch) {
      const existing = target.find((t) => isPlainObject(t) && t.name === item.name);
      if (existing) merge(existing, item);
      else target.push(item);
    }
    return target;
  }
  return patch;
}

function podSpecs(objects: K8s[]): any[] {
  return objects.filter((o) => o.kind === "Deployment").map((d) => d.spec.template.spec);
}

function allContainers(spec: any): any[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

function render(dir: string): K8s[] {
  const k = readKustomization(dir);
  const objects: K8s[] = [];
  for (const resource of k.resources ?? []) {
    const target = path.join(dir, resource);
    expect(fs.existsSync(target), `${rel(dir)}/kustomization.yaml lists ${resource}, which does not exist`).toBe(true);
    objects.push(...(fs.statSync(target).isDirectory() ? render(target) : readYaml(target)));
  }
  for (const patch of k.patches ?? []) {
    expect(patch.path, `${rel(dir)}: only patch files are supported (patches[].path)`).toBeTypeOf("string");
    for (const doc of readYaml(path.join(dir, patch.path))) {
      const target = objects.find((o) => o.kind === doc.kind && o.metadata.name === doc.metadata.name);
      expect(target, `${rel(dir)}/${patch.path} patches ${doc.kind}/${doc.metadata.name}, which no resource defines`).toBeDefined();
      merge(target, doc);
    }
  }
  if (k.namespace) for (const o of objects) o.metadata.namespace = k.namespace;
  for (const image of k.images ?? []) {
    for (const spec of podSpecs(objects)) {
      for (const c of allContainers(spec)) {
        if (c.image === image.name || String(c.image).startsWith(`${image.name}:`)) {
          c.image = `${image.newName ?? image.name}${image.newTag ? `:${image.newTag}` : ""}`;
        }
      }
    }
  }
  return objects;
}

function one(objects: K8s[], kind: string, name?: string): K8s {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found.length, `expected exactly one ${kind}${name ? `/${name}` : ""}, found ${found.length}`).toBe(1);
  return found[0]!;
}

function appContainer(objects: K8s[]): any {
  const deployment = one(objects, "Deployment", "gatehouse");
  return deployment.spec.template.spec.containers.find((c: any) => c.name === "gatehouse");
}

function envOf(container: any, name: string): any {
  return (container.env ?? []).find((e: any) => e.name === name);
}

/** The directory mounted at the longest mountPath that is a prefix of `file`. */
function mountFor(container: any, file: string): any {
  return (container.volumeMounts ?? [])
    .filter((m: any) => file === m.mountPath || file.startsWith(`${m.mountPath.replace(/\/$/, "")}/`))
    .sort((a: any, b: any) => b.mountPath.length - a.mountPath.length)[0];
}

/** Environment names the platform or Node itself reads; everything else must be one the app validates. */
const PLATFORM_ENV = new Set([
  "PORT",
  "HOSTNAME",
  "NODE_ENV",
  "NODE_EXTRA_CA_CERTS",
  "POD_NAMESPACE",
  "NEXT_TELEMETRY_DISABLED",
  "NODE_OPTIONS",
]);
const APP_ENV = new Set([...Object.keys(envSchema.shape), ...Object.keys(migrationEnvSchema.shape)]);

const base = render(BASE);

// ---------------------------------------------------------------------------------------------
describe("OpenShift base: pod security (restricted-v2 SCC)", () => {
  const spec = podSpecs(base)[0];

  it("has one Deployment whose pods run only non-root, unprivileged containers", () => {
    expect(podSpecs(base).length, "base must define the gatehouse Deployment").toBe(1);
    expect(spec.securityContext?.runAsNonRoot, "pod securityContext.runAsNonRoot must be true").toBe(true);
    expect(spec.securityContext?.seccompProfile?.type, "pod seccompProfile must be RuntimeDefault").toBe("RuntimeDefault");
    for (const c of allContainers(spec)) {
      const sc = c.securityContext ?? {};
      expect(sc.runAsNonRoot ?? spec.securityContext.runAsNonRoot, `${c.name}: runAsNonRoot must be true`).toBe(true);
      expect(sc.allowPrivilegeEscalation, `${c.name}: allowPrivilegeEscalation must be false`).toBe(false);
      expect(sc.capabilities?.drop, `${c.name}: capabilities must drop ALL`).toContain("ALL");
      expect(sc.capabilities?.add ?? [], `${c.name}: must not add capabilities`).toEqual([]);
      expect(sc.privileged ?? false, `${c.name}: must not be privileged`).toBe(false);
      expect(sc.readOnlyRootFilesystem, `${c.name}: readOnlyRootFilesystem must be true`).toBe(true);
    }
  });

  it("never fixes a UID or fsGroup, so OpenShift can assign the namespace's arbitrary UID", () => {
    for (const [where, sc] of [["pod", spec.securityContext], ...allContainers(spec).map((c) => [c.name, c.securityContext])] as [
      string,
      any,
    ][]) {
      expect(sc?.runAsUser, `${where}: runAsUser must not be set (restricted SCC assigns one)`).toBeUndefined();
      expect(sc?.runAsGroup, `${where}: runAsGroup must not be set`).toBeUndefined();
      expect(sc?.fsGroup, `${where}: fsGroup must not be set`).toBeUndefined();
    }
  });

  it("gives the read-only container writable emptyDirs exactly where Next writes (/tmp, /app/.next/cache)", () => {
    const c = appContainer(base);
    for (const dir of ["/tmp", "/app/.next/cache"]) {
      const mount = (c.volumeMounts ?? []).find((m: any) => m.mountPath === dir);
      expect(mount, `${dir} must be mounted (the root filesystem is read-only)`).toBeDefined();
      const volume = spec.volumes.find((v: any) => v.name === mount.name);
      expect(volume?.emptyDir, `${dir} must be an emptyDir volume`).toBeDefined();
    }
  });

  it("sets resource requests AND limits (cpu, memory) on every container", () => {
    for (const c of allContainers(spec)) {
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          expect(c.resources?.[kind]?.[resource], `${c.name}: resources.${kind}.${resource} must be set`).toBeDefined();
        }
      }
    }
  });
});

describe("OpenShift base: availability and health", () => {
  const deployment = one(base, "Deployment", "gatehouse");
  const c = appContainer(base);
  const port = (c.ports ?? []).find((p: any) => p.containerPort === 8080);

  it("runs at least two replicas with a zero-downtime rolling update, spread across nodes", () => {
    expect(deployment.spec.replicas, "replicas must be >= 2 (JWT sessions and advisory-locked migrations allow it)").toBeGreaterThanOrEqual(
      2,
    );
    expect(deployment.spec.strategy?.type, "strategy must be RollingUpdate").toBe("RollingUpdate");
    expect(deployment.spec.strategy?.rollingUpdate?.maxUnavailable, "maxUnavailable 0 keeps the console up during rollouts").toBe(0);
    const spec = deployment.spec.template.spec;
    const spreads = (spec.topologySpreadConstraints ?? []).some((t: any) => t.topologyKey === "kubernetes.io/hostname");
    const anti = Boolean(spec.affinity?.podAntiAffinity);
    expect(spreads || anti, "pods must be spread over nodes (topologySpreadConstraints on hostname or podAntiAffinity)").toBe(true);
  });

  it("has a PodDisruptionBudget selecting the pods that still allows a drain", () => {
    const pdb = one(base, "PodDisruptionBudget", "gatehouse");
    const labels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels))
      expect(labels[k], `PDB selector ${k}=${v} must match the pod labels`).toBe(v);
    expect(pdb.spec.minAvailable, "minAvailable must be below replicas, or node drains block forever").toBeLessThan(
      deployment.spec.replicas,
    );
  });

  it("probes readiness on /api/health/ready and liveness (and startup) on /api/health/live, on the 8080 port", () => {
    expect(port, "the container must expose containerPort 8080").toBeDefined();
    const probePort = (probe: any) => probe.httpGet.port;
    expect(c.readinessProbe?.httpGet?.path, "readiness must check DB + LiteLLM (/api/health/ready)").toBe("/api/health/ready");
    expect(c.livenessProbe?.httpGet?.path, "liveness must be process-only (/api/health/live), or a LiteLLM outage restarts every pod").toBe(
      "/api/health/live",
    );
    expect(c.startupProbe?.httpGet?.path, "a startup probe must cover migrations at start").toBe("/api/health/live");
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      expect([port.name, 8080], `probe port ${probePort(probe)} must be the 8080 container port`).toContain(probePort(probe));
    }
    const startupBudget = c.startupProbe.periodSeconds * c.startupProbe.failureThreshold;
    expect(startupBudget, "the startup probe must allow at least 60 s for migrations").toBeGreaterThanOrEqual(60);
  });

  it("listens on 0.0.0.0:8080 (Kubernetes sets HOSTNAME to the pod name, which Next would bind to)", () => {
    expect(envOf(c, "HOSTNAME")?.value, "HOSTNAME must be 0.0.0.0 in the Deployment env").toBe("0.0.0.0");
    expect(envOf(c, "PORT")?.value, "PORT must be 8080").toBe("8080");
  });

  it("routes Service → Deployment → container port consistently", () => {
    const service = one(base, "Service", "gatehouse");
    const labels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(service.spec.selector))
      expect(labels[k], `Service selector ${k}=${v} must match the pod labels`).toBe(v);
    const sp = service.spec.ports.find((p: any) => p.port === 8080);
    expect(sp, "the Service must expose port 8080").toBeDefined();
    expect([port.name, 8080], "the Service must target the container's 8080 port").toContain(sp.targetPort);
    const matchLabels = deployment.spec.selector.matchLabels;
    for (const [k, v] of Object.entries(matchLabels)) expect(labels[k], `Deployment selector ${k}=${v} must match its template`).toBe(v);
  });
});

describe("OpenShift base: sign-in with the service account as OAuth client", () => {
  const deployment = one(base, "Deployment", "gatehouse");
  const sa = one(base, "ServiceAccount", "gatehouse-console");
  const route = one(base, "Route");
  const c = appContainer(base);

  it("runs the pods as the gatehouse-console service account", () => {
    expect(deployment.spec.template.spec.serviceAccountName, "serviceAccountName must be gatehouse-console").toBe("gatehouse-console");
  });

  it("annotates the service account with a redirect reference naming the Route that exists in the base", () => {
    const annotations = sa.metadata.annotations ?? {};
    const key = Object.keys(annotations).find((k) => k.startsWith("serviceaccounts.openshift.io/oauth-redirectreference."));
    expect(key, "the SA needs a serviceaccounts.openshift.io/oauth-redirectreference.<name> annotation").toBeDefined();
    const ref = JSON.parse(annotations[key!]!);
    expect(ref.kind, "annotation kind must be OAuthRedirectReference").toBe("OAuthRedirectReference");
    expect(ref.apiVersion).toBe("v1");
    expect(ref.reference?.kind, "the redirect reference must point at a Route").toBe("Route");
    expect(
      ref.reference?.name,
      `the redirect reference names Route "${ref.reference?.name}", but the base's Route is "${route.metadata.name}"`,
    ).toBe(route.metadata.name);
  });

  it("uses system:serviceaccount:<namespace>:gatehouse-console as client id, the namespace from the downward API", () => {
    const env = c.env as any[];
    const nsIndex = env.findIndex((e) => e.name === "POD_NAMESPACE");
    const idIndex = env.findIndex((e) => e.name === "OPENSHIFT_CLIENT_ID");
    expect(env[nsIndex]?.valueFrom?.fieldRef?.fieldPath, "POD_NAMESPACE must come from fieldRef metadata.namespace").toBe(
      "metadata.namespace",
    );
    expect(env[idIndex]?.value, "the client id of an SA client is system:serviceaccount:<ns>:<sa>").toBe(
      `system:serviceaccount:$(POD_NAMESPACE):${sa.metadata.name}`,
    );
    expect(nsIndex, "POD_NAMESPACE must be listed before OPENSHIFT_CLIENT_ID, or $(POD_NAMESPACE) is not expanded").toBeLessThan(idIndex);
  });

  it("takes the client secret from a service-account-token Secret of that service account (key token)", () => {
    const ref = envOf(c, "OPENSHIFT_CLIENT_SECRET")?.valueFrom?.secretKeyRef;
    expect(ref?.key, "OPENSHIFT_CLIENT_SECRET must come from secretKeyRef key token").toBe("token");
    const secret = one(base, "Secret", ref.name);
    expect(secret.type, `${ref.name} must be of type kubernetes.io/service-account-token`).toBe("kubernetes.io/service-account-token");
    expect(secret.metadata.annotations?.["kubernetes.io/service-account.name"], `${ref.name} must belong to gatehouse-console`).toBe(
      sa.metadata.name,
    );
    expect(secret.data ?? secret.stringData, "the token Secret must not carry a committed token").toBeUndefined();
  });

  it("asks the in-cluster API server for OAuth discovery", () => {
    const config = one(base, "ConfigMap", "gatehouse-config");
    expect(config.data.OPENSHIFT_API_URL, "OPENSHIFT_API_URL must be an https API server URL").toMatch(/^https:\/\//);
  });
});

describe("OpenShift base: Route", () => {
  const route = one(base, "Route");
  const service = one(base, "Service", "gatehouse");

  it("terminates TLS at the edge, redirects http to https and sends HSTS", () => {
    expect(route.metadata.name, "the Route must be named gatehouse (the SA annotation and README refer to it)").toBe("gatehouse");
    expect(route.spec.tls?.termination, "tls.termination must be edge").toBe("edge");
    expect(route.spec.tls?.insecureEdgeTerminationPolicy, "plain http must be redirected").toBe("Redirect");
    const hsts = route.metadata.annotations?.["haproxy.router.openshift.io/hsts_header"] ?? "";
    const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
    expect(maxAge, `HSTS annotation must set max-age of at least a year (got "${hsts}")`).toBeGreaterThanOrEqual(31_536_000);
  });

  it("sends traffic to the gatehouse Service's port", () => {
    expect(route.spec.to?.kind).toBe("Service");
    expect(route.spec.to?.name, "the Route must target the gatehouse Service").toBe(service.metadata.name);
    const names = service.spec.ports.map((p: any) => p.name);
    expect([...names, ...service.spec.ports.map((p: any) => p.port)], "route targetPort must be a Service port").toContain(
      route.spec.port?.targetPort,
    );
  });
});

describe("OpenShift base: configuration and secrets", () => {
  const c = appContainer(base);
  const templateFile = path.join(BASE, "secret.template.yaml");
  const template = readYaml(templateFile)[0]!;
  const config = one(base, "ConfigMap", "gatehouse-config");

  it("loads env from the gatehouse-config ConfigMap and the gatehouse-secrets Secret", () => {
    const sources = (c.envFrom ?? []).map((e: any) => e.configMapRef?.name ?? e.secretRef?.name);
    expect(sources, "envFrom must include the gatehouse-config ConfigMap").toContain("gatehouse-config");
    expect(sources, "envFrom must include the gatehouse-secrets Secret").toContain("gatehouse-secrets");
    expect(template.metadata.name, "the Secret template must be the Secret the Deployment reads").toBe("gatehouse-secrets");
  });

  it("keeps the Secret template out of `oc apply -k`, so applying never overwrites real secret values", () => {
    const listed = (readKustomization(BASE).resources as string[]).map((r) => path.normalize(r));
    expect(listed, "secret.template.yaml must not be a kustomize resource").not.toContain("secret.template.yaml");
    expect(
      base.some((o) => o.kind === "Secret" && o.metadata.name === "gatehouse-secrets"),
      "no rendered gatehouse-secrets Secret",
    ).toBe(false);
  });

  it("holds only obvious placeholders in the Secret template (no keys, tokens or passwords)", () => {
    const stringData: Record<string, string> = template.stringData ?? {};
    for (const key of ["AUTH_SECRET", "LITELLM_MASTER_KEY", "DATABASE_URL"])
      expect(stringData, `template must document ${key}`).toHaveProperty(key);
    for (const [key, value] of Object.entries(stringData)) {
      expect(value, `${key} must be a REPLACE_ME placeholder`).toMatch(/REPLACE_ME/);
      expect(value, `${key} must not contain an sk- key`).not.toMatch(/sk-[A-Za-z0-9_-]{4,}/);
      const url = /^\w+:\/\//.test(value) ? new URL(value) : undefined;
      if (url?.password) expect(url.password, `${key}: the URL's password must be the placeholder`).toBe("REPLACE_ME");
    }
    for (const [key, value] of Object.entries<string>(template.data ?? {})) {
      expect(Buffer.from(value, "base64").toString("utf8"), `data.${key} must decode to a placeholder, not a secret`).toMatch(
        /^REPLACE_ME/,
      );
    }
  });

  it("has placeholders the console refuses at start, so an applied template cannot run with a public secret", () => {
    const valid = {
      ...config.data,
      LITELLM_MASTER_KEY: "sk-test-only-master-key",
      AUTH_SECRET: "x".repeat(32),
      DATABASE_URL: "postgresql://gatehouse:pw@postgresql:5432/gatehouse",
      OPENSHIFT_CLIENT_ID: "system:serviceaccount:ns:gatehouse-console",
      OPENSHIFT_CLIENT_SECRET: "token",
    };
    expect(() => parseEnv(valid), "control: the base configuration with real-looking values must be accepted").not.toThrow();
    for (const key of ["AUTH_SECRET", "LITELLM_MASTER_KEY"]) {
      expect(() => parseEnv({ ...valid, [key]: template.stringData[key] }), `the ${key} placeholder must fail validation`).toThrow(key);
    }
  });

  it("sets only environment variables the app or the platform knows (catches typos)", () => {
    const names = [...Object.keys(config.data), ...Object.keys(template.stringData ?? {}), ...(c.env ?? []).map((e: any) => e.name)];
    for (const name of names) expect(APP_ENV.has(name) || PLATFORM_ENV.has(name), `unknown environment variable ${name}`).toBe(true);
  });

  it("runs migrations in an init container as the schema owner, and the console with the runtime role only", () => {
    const spec = podSpecs(base)[0];
    const migrate = (spec.initContainers ?? []).find((ic: any) => ic.name === "migrate");
    expect(migrate, "a migrate init container").toBeDefined();
    const env = Object.fromEntries((migrate.env ?? []).map((e: any) => [e.name, e]));
    expect(env.GATEHOUSE_MIGRATE_ONLY?.value).toBe("true");
    expect(env.DATABASE_URL?.valueFrom?.secretKeyRef, "the owner's URL").toMatchObject({ name: "gatehouse-db-owner", key: "MIGRATION_DATABASE_URL" });
    expect(config.data.GATEHOUSE_APP_ROLE, "the runtime role to grant").toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(JSON.stringify(c), "the console container must never see the owner's credentials").not.toContain("gatehouse-db-owner");
  });

  it("allows in-cluster model servers by host suffix (.svc.cluster.local)", () => {
    expect(
      config.data.ALLOWED_API_BASE_HOSTS.split(",").map((s: string) => s.trim()),
      "ALLOWED_API_BASE_HOSTS",
    ).toContain(".svc.cluster.local");
  });

  it("trusts exactly one proxy hop, the router, for the client address (sign-in limiter, audit)", () => {
    expect(config.data.TRUSTED_PROXY_COUNT, "TRUSTED_PROXY_COUNT must be \"1\": the OpenShift router appends to X-Forwarded-For").toBe("1");
  });

  it("mounts the group bindings file where GROUP_BINDINGS_FILE points, and the shipped file parses", () => {
    const file = config.data.GROUP_BINDINGS_FILE as string;
    const mount = mountFor(c, file);
    expect(mount, `GROUP_BINDINGS_FILE ${file} must be inside a volume mount`).toBeDefined();
    expect(mount.subPath, "no subPath: ConfigMap updates never reach subPath mounts").toBeUndefined();
    const spec = podSpecs(base)[0];
    const volume = spec.volumes.find((v: any) => v.name === mount.name);
    const cm = one(base, "ConfigMap", volume.configMap?.name);
    const key = path.posix.relative(mount.mountPath, file);
    expect(cm.data?.[key], `ConfigMap ${cm.metadata.name} must have key ${key}`).toBeTypeOf("string");
    expect(parseBindingsFile(cm.data[key]).length, "the shipped group bindings must parse and bind at least one group").toBeGreaterThan(0);
    const envFromMaps = (c.envFrom ?? []).map((e: any) => e.configMapRef?.name).filter(Boolean);
    expect(envFromMaps, "the file must not live in an envFrom ConfigMap (its key would become an env var)").not.toContain(cm.metadata.name);
  });
});

describe("OpenShift base: trust (CA bundles), never disabled TLS", () => {
  const spec = podSpecs(base)[0];
  const c = appContainer(base);
  const caMap = base.find((o) => o.kind === "ConfigMap" && o.metadata.labels?.["config.openshift.io/inject-trusted-cabundle"] === "true");
  const trustedVolume = spec.volumes.find((v: any) => v.configMap?.name === caMap?.metadata.name);
  const extraCa = envOf(c, "NODE_EXTRA_CA_CERTS")?.value as string;
  const init = (spec.initContainers ?? []).find((ic: any) => (ic.volumeMounts ?? []).some((m: any) => m.name === trustedVolume?.name));

  it("has a ConfigMap labelled for trusted CA bundle injection, mounted read-only in the console", () => {
    expect(caMap, 'a ConfigMap labelled config.openshift.io/inject-trusted-cabundle: "true" is required').toBeDefined();
    expect(caMap!.data ?? {}, "the injected ConfigMap's data belongs to the operator; leave it empty").toEqual({});
    expect(trustedVolume, "the trusted CA ConfigMap must be a pod volume").toBeDefined();
    const mount = (c.volumeMounts ?? []).find((m: any) => m.name === trustedVolume.name);
    expect(mount?.readOnly, "the trusted CA bundle must be mounted read-only in the console").toBe(true);
  });

  it("points NODE_EXTRA_CA_CERTS at the bundle built from the trusted CA mount and the service account CA", () => {
    expect(extraCa, "NODE_EXTRA_CA_CERTS must be set").toBeTypeOf("string");
    const appMount = mountFor(c, extraCa);
    expect(appMount, `NODE_EXTRA_CA_CERTS (${extraCa}) must be inside a mounted volume`).toBeDefined();
    expect(init, "an init container must read the trusted CA mount").toBeDefined();
    const initOut = (init.volumeMounts as any[]).find((m) => m.name === appMount.name);
    expect(initOut && !initOut.readOnly, "the init container must write the volume NODE_EXTRA_CA_CERTS points into").toBe(true);
  });

  it("really concatenates the service account CA and the injected bundle into NODE_EXTRA_CA_CERTS's file", () => {
    // Run the init container's script with its mount paths redirected to a temp dir.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-ca-"));
    try {
      const saDir = "/var/run/secrets/kubernetes.io/serviceaccount";
      const trustedMount = (init.volumeMounts as any[]).find((m) => m.name === trustedVolume.name).mountPath as string;
      const appMount = mountFor(c, extraCa);
      const outMount = (init.volumeMounts as any[]).find((m) => m.name === appMount.name);
      const map: [string, string][] = [
        [saDir, path.join(tmp, "sa")],
        [trustedMount, path.join(tmp, "trusted")],
        [outMount.mountPath, path.join(tmp, "out")],
      ];
      for (const [, dir] of map) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(tmp, "sa", "ca.crt"), "-----BEGIN CERTIFICATE-----\nSA-CA\n-----END CERTIFICATE-----\n");
      const trustedKey = trustedVolume.configMap.items?.[0]?.path ?? "ca-bundle.crt";
      fs.writeFileSync(path.join(tmp, "trusted", trustedKey), "-----BEGIN CERTIFICATE-----\nCORPORATE-CA\n-----END CERTIFICATE-----\n");
      const command = init.command as string[];
      expect(command.slice(0, 2), "the CA init container runs a node -e script (works on any base image)").toEqual(["node", "-e"]);
      let script = command[2]!;
      for (const [from, to] of map) script = script.split(from).join(to);
      execFileSync(process.execPath, ["-e", script], { stdio: "pipe" });
      const outFile = path.join(tmp, "out", path.posix.relative(appMount.mountPath, extraCa));
      const bundle = fs.readFileSync(outFile, "utf8");
      expect(bundle, "the bundle must contain the service account CA (API server + default ingress)").toContain("SA-CA");
      expect(bundle, "the bundle must contain the injected trusted CA bundle").toContain("CORPORATE-CA");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("never sets NODE_TLS_REJECT_UNAUTHORIZED anywhere in the base or overlays", () => {
    for (const dir of [BASE, path.join(OPENSHIFT, "overlays", "example"), path.join(OPENSHIFT, "oauthclient")]) {
      const objects = render(dir);
      for (const spec of podSpecs(objects)) {
        for (const container of allContainers(spec)) {
          for (const e of container.env ?? [])
            expect(e.name, `${rel(dir)}: ${container.name} must not disable TLS`).not.toBe("NODE_TLS_REJECT_UNAUTHORIZED");
        }
      }
      for (const o of objects.filter((x) => x.kind === "ConfigMap" || x.kind === "Secret")) {
        const keys = [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})];
        expect(keys, `${rel(dir)}: ${o.kind}/${o.metadata.name} must not disable TLS`).not.toContain("NODE_TLS_REJECT_UNAUTHORIZED");
      }
    }
  });
});

describe("OpenShift base: NetworkPolicy", () => {
  const policy = one(base, "NetworkPolicy");
  const labels = one(base, "Deployment", "gatehouse").spec.template.metadata.labels;

  it("selects the console pods and restricts both directions", () => {
    for (const [k, v] of Object.entries(policy.spec.podSelector.matchLabels ?? {}))
      expect(labels[k], `podSelector ${k}=${v} must match the pods`).toBe(v);
    expect(
      Object.keys(policy.spec.podSelector.matchLabels ?? {}).length,
      "an empty podSelector would select every pod in the namespace",
    ).toBeGreaterThan(0);
    expect(policy.spec.policyTypes, "policyTypes must include Ingress").toContain("Ingress");
    expect(policy.spec.policyTypes, "policyTypes must include Egress").toContain("Egress");
  });

  it("admits ingress only from the OpenShift router namespaces, on 8080", () => {
    const rules = policy.spec.ingress ?? [];
    expect(rules.length, "exactly one ingress rule (the router)").toBe(1);
    const peers = rules[0].from ?? [];
    expect(peers.length, "ingress must have a `from` (an empty one allows everyone)").toBe(1);
    expect(peers[0], "the only ingress peer is the router policy group").toEqual({
      namespaceSelector: { matchLabels: { "policy-group.network.openshift.io/ingress": "" } },
    });
    expect(rules[0].ports, "ingress only to port 8080").toEqual([{ protocol: "TCP", port: 8080 }]);
  });

  it("allows egress only to named destinations: LiteLLM, the database, DNS and the API/OAuth servers", () => {
    const rules = policy.spec.egress ?? [];
    const ports = new Set<number>();
    for (const rule of rules) {
      expect(rule.to?.length, "every egress rule needs a `to` (none means anywhere)").toBeGreaterThan(0);
      expect(rule.ports?.length, "every egress rule needs ports (none means all ports)").toBeGreaterThan(0);
      for (const peer of rule.to) {
        if (peer.ipBlock) expect(peer.ipBlock.cidr, "egress must not be open to the whole internet").not.toMatch(/^(0\.0\.0\.0\/0|::\/0)$/);
      }
      for (const p of rule.ports) ports.add(p.port);
    }
    for (const port of [4000, 5432, 53, 443, 6443]) expect([...ports], `an egress rule must allow port ${port}`).toContain(port);
    const toLiteLLM = rules.find((r: any) => r.ports.some((p: any) => p.port === 4000));
    expect(
      toLiteLLM.to.some((p: any) => p.podSelector || p.namespaceSelector),
      "LiteLLM must be selected by labels",
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe("OpenShift example overlay and OAuthClient variant", () => {
  const exampleDir = path.join(OPENSHIFT, "overlays", "example");
  const example = render(exampleDir);
  const variantDir = path.join(OPENSHIFT, "oauthclient");

  it("puts everything in its namespace and replaces the placeholder image", () => {
    const ns = readKustomization(exampleDir).namespace;
    expect(ns, "the example overlay must set a namespace").toBeTruthy();
    for (const o of example) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name} must be namespaced by the overlay`).toBe(ns);
    for (const c of allContainers(podSpecs(example)[0])) {
      expect(c.image, `${c.name}: the overlay must set a real image with a tag`).toMatch(/^[^\s]+\/[^/:\s]+:[\w.-]+$/);
      expect(c.image, `${c.name}: never :latest`).not.toMatch(/:latest$/);
    }
  });

  it("makes AUTH_URL the https origin of the Route host (the OAuth redirect URI is built from it)", () => {
    const route = one(example, "Route", "gatehouse");
    const authUrl = new URL(one(example, "ConfigMap", "gatehouse-config").data.AUTH_URL);
    expect(authUrl.protocol, "AUTH_URL must be https").toBe("https:");
    expect(route.spec.host, "the example overlay must set the Route host").toBeTruthy();
    expect(authUrl.host, "AUTH_URL's host must equal the Route host, or the redirect_uri is rejected").toBe(route.spec.host);
  });

  it("ships group bindings that parse", () => {
    const cm = one(example, "ConfigMap", "gatehouse-group-bindings");
    expect(parseBindingsFile(cm.data["group-bindings.yaml"]).length, "example bindings must parse").toBeGreaterThan(1);
  });

  it("defines the OAuthClient with the exact callback, auto grant and 600 s tokens, secret left as a placeholder", () => {
    const client = one(readYaml(path.join(variantDir, "oauthclient.yaml")), "OAuthClient", "gatehouse-console");
    expect(client.apiVersion).toBe("oauth.openshift.io/v1");
    expect(client.grantMethod, "grantMethod").toBe("auto");
    expect(client.accessTokenMaxAgeSeconds, "the console uses the token once; keep it short").toBe(600);
    expect(client.secret, "the OAuthClient secret must be a placeholder").toMatch(/^REPLACE_ME/);
    expect(client.redirectURIs.length).toBeGreaterThan(0);
    for (const uri of client.redirectURIs)
      expect(uri, "register the exact https callback path").toMatch(/^https:\/\/[^/]+\/api\/auth\/callback\/openshift$/);
    const listed = readKustomization(variantDir).resources as string[];
    expect(listed, "the cluster-scoped OAuthClient must not be applied by `oc apply -k` (it would reset its secret)").not.toContain(
      "oauthclient.yaml",
    );
  });

  it("switches the console's client id and secret to the OAuthClient", () => {
    const variant = render(variantDir);
    const client = one(readYaml(path.join(variantDir, "oauthclient.yaml")), "OAuthClient");
    const c = appContainer(variant);
    expect(envOf(c, "OPENSHIFT_CLIENT_ID")?.value, "client id must be the OAuthClient's name").toBe(client.metadata.name);
    const secretRef = envOf(c, "OPENSHIFT_CLIENT_SECRET")?.valueFrom?.secretKeyRef;
    expect(secretRef?.name, "the client secret must come from a Secret, not the SA token").toBeTruthy();
    expect(secretRef.name, "no longer the SA token").not.toBe("gatehouse-console-oauth-token");
    expect(envOf(c, "OPENSHIFT_CLIENT_SECRET")?.value, "never a literal secret").toBeUndefined();
  });

  const kubectl = (() => {
    try {
      execFileSync("kubectl", ["version", "--client"], { stdio: "ignore", timeout: 10_000 });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!kubectl)("renders identically with the real kustomize (kubectl kustomize), when kubectl is installed", () => {
    for (const dir of [BASE, exampleDir, variantDir]) {
      const real = parseAllDocuments(execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 60_000 })).map(
        (d) => d.toJS() as K8s,
      );
      const ours = render(dir);
      const ids = (list: K8s[]) => list.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`).sort();
      expect(ids(ours), `${rel(dir)}: the same objects`).toEqual(ids(real));
      const sortEnv = (c: any) => ({ ...c, env: [...(c.env ?? [])].sort((a, b) => a.name.localeCompare(b.name)) });
      const containers = (list: K8s[]) => allContainers(podSpecs(list)[0]).map(sortEnv);
      expect(containers(ours), `${rel(dir)}: the same containers`).toEqual(containers(real));
      expect(one(ours, "Route", "gatehouse").spec, `${rel(dir)}: the same Route`).toEqual(one(real, "Route", "gatehouse").spec);
    }
  });
});

// ---------------------------------------------------------------------------------------------
/** Dockerfile instructions with continuations joined and comments dropped, tagged with their stage. */
function containerfile(): { instruction: string; args: string; stage: number }[] {
  const lines = fs.readFileSync(path.join(ROOT, "Containerfile"), "utf8").split("\n");
  const out: { instruction: string; args: string; stage: number }[] = [];
  let buffer = "";
  let stage = -1;
  for (const raw of lines) {
    if (/^\s*#/.test(raw)) continue;
    buffer += raw.replace(/\\\s*$/, " ");
    if (/\\\s*$/.test(raw)) continue;
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(buffer);
    buffer = "";
    if (!match) continue;
    const instruction = match[1]!.toUpperCase();
    if (instruction === "FROM") stage++;
    out.push({ instruction, args: match[2]!.trim().replace(/\s+/g, " "), stage });
  }
  return out;
}

describe("Containerfile", () => {
  const all = containerfile();
  const lastStage = Math.max(...all.map((i) => i.stage));
  const runtime = all.filter((i) => i.stage === lastStage);
  const of = (list: typeof all, instruction: string) => list.filter((i) => i.instruction === instruction).map((i) => i.args);

  it("is multi-stage, with a UBI Node.js 20 minimal runtime by default", () => {
    expect(lastStage, "needs separate deps/build/runtime stages").toBeGreaterThanOrEqual(2);
    const from = of(runtime, "FROM")[0]!;
    const argName = /^\$\{?(\w+)\}?/.exec(from)?.[1];
    const image = argName ? /=(.*)$/.exec(of(all, "ARG").find((a) => a.startsWith(`${argName}=`)) ?? "")?.[1] : from.split(" ")[0];
    expect(image, "default runtime image").toMatch(/^registry\.access\.redhat\.com\/ubi9\/nodejs-20-minimal/);
  });

  it("installs with npm install, never npm ci (lockfiles from these machines break npm ci)", () => {
    const runs = of(all, "RUN");
    expect(
      runs.some((r) => /\bnpm install\b/.test(r)),
      "a RUN must use npm install",
    ).toBe(true);
    expect(
      runs.filter((r) => /\bnpm ci\b/.test(r)),
      "npm ci must not be used",
    ).toEqual([]);
  });

  it("builds the Prisma client and the standalone Next server with telemetry off", () => {
    const runs = of(all, "RUN").join("\n");
    expect(runs, "prisma generate before next build").toMatch(/prisma generate[\s\S]*next build/);
    expect(of(all, "ENV").join(" "), "NEXT_TELEMETRY_DISABLED=1 during the build").toMatch(/NEXT_TELEMETRY_DISABLED=1/);
  });

  it("ships standalone output, static assets, public/ and prisma/migrations in the runtime stage", () => {
    const copies = of(runtime, "COPY");
    for (const source of ["/app/.next/standalone", "/app/.next/static", "/app/public", "/app/prisma/migrations"]) {
      expect(
        copies.some((c) => c.includes(source)),
        `runtime stage must COPY ${source}`,
      ).toBe(true);
    }
    const migrations = copies.find((c) => c.includes("prisma/migrations"))!;
    expect(migrations.split(" ").at(-1), "migrations must land at /app/prisma/migrations (server.js chdirs to /app)").toMatch(
      /^(\.\/prisma\/migrations|\/app\/prisma\/migrations)\/?$/,
    );
  });

  it("runs as a non-root numeric USER with group-0-writable files (arbitrary UID on OpenShift)", () => {
    const user = of(runtime, "USER").at(-1);
    expect(user, "the runtime stage must end with a USER").toBeDefined();
    expect(user, "USER must be numeric (runAsNonRoot can only verify numeric users)").toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(":")[0]), "USER must not be root").toBeGreaterThan(0);
    const runs = of(runtime, "RUN").join(" ");
    expect(runs, "files must belong to group 0").toMatch(/chgrp -R 0/);
    expect(runs, "group 0 must get the owner's permissions").toMatch(/chmod -R g=u/);
    expect(runs, "a data dir for the embedded DB").toMatch(/\/var\/lib\/gatehouse/);
  });

  it("exposes 8080, binds 0.0.0.0 in production mode and starts node server.js directly", () => {
    expect(of(runtime, "EXPOSE"), "EXPOSE 8080").toContain("8080");
    const env = of(runtime, "ENV").join(" ");
    for (const pair of ["PORT=8080", "HOSTNAME=0.0.0.0", "NODE_ENV=production", "NEXT_TELEMETRY_DISABLED=1"])
      expect(env, `ENV ${pair}`).toContain(pair);
    expect(JSON.parse(of(runtime, "CMD").at(-1)!), "exec-form CMD so SIGTERM reaches node").toEqual(["node", "server.js"]);
    expect(env, "the image must not disable TLS").not.toMatch(/NODE_TLS_REJECT_UNAUTHORIZED/);
  });

  it("keeps node_modules, build output, local databases and .env files out of the build context", () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, ".containerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of ["node_modules", ".next", "data", ".env", ".env.*", "generated"])
      expect(ignored, `.containerignore must list ${entry}`).toContain(entry);
  });
});

// ---------------------------------------------------------------------------------------------
describe("compose stack with the real LiteLLM", () => {
  const composeDir = path.join(DEPLOY, "compose");
  const compose = parseYaml(fs.readFileSync(path.join(composeDir, "compose.yaml"), "utf8"));
  const litellm = compose.services.litellm;
  const gatehouse = compose.services.gatehouse;
  /** `${VAR:-default}` → default; `${VAR:?msg}` → "required"; a literal → itself. */
  const interpolation = (value: string) => /^\$\{(\w+)(?::([-?])([^}]*))?\}$/.exec(String(value));

  it("runs LiteLLM's database image pinned to a release, not a moving tag", () => {
    const m = interpolation(litellm.image);
    const image = m ? m[3]! : litellm.image;
    expect(image, "the LiteLLM image must be ghcr.io/berriai/litellm-database").toMatch(/^ghcr\.io\/berriai\/litellm-database:/);
    expect(image, "pin a version tag (main-vX.Y.Z-stable), not main-stable/latest").toMatch(/:main-v\d+\.\d+\.\d+(-stable)?$/);
  });

  it("enables model CRUD (STORE_MODEL_IN_DB) and requires a master key and a salt key with no defaults", () => {
    expect(String(litellm.environment.STORE_MODEL_IN_DB), "STORE_MODEL_IN_DB must be True (CONTRACT gotcha 6)").toBe("True");
    for (const key of ["LITELLM_SALT_KEY", "LITELLM_MASTER_KEY"]) {
      const m = interpolation(litellm.environment[key]);
      expect(m?.[1], `${key} must come from .env`).toBe(key);
      expect(m?.[2], `${key} must be required (\${${key}:?...}): a default would be a public, shared key`).toBe("?");
    }
    expect(litellm.environment.DATABASE_URL, "LiteLLM needs its database").toMatch(/^postgresql:\/\/.*@litellm-db:5432\//);
  });

  it("health-checks LiteLLM on /health/liveliness and mounts a config that stores models in the DB", () => {
    expect(JSON.stringify(litellm.healthcheck?.test), "LiteLLM healthcheck").toContain("/health/liveliness");
    const mount = (litellm.volumes as string[]).find((v) => v.includes("/app/config.yaml"))!;
    const config = parseYaml(fs.readFileSync(path.join(composeDir, mount.split(":")[0]!), "utf8"));
    expect(config.general_settings?.store_model_in_db, "litellm-config.yaml store_model_in_db").toBe(true);
    expect(config.general_settings?.master_key, "the master key comes from the environment, never the file").toBe(
      "os.environ/LITELLM_MASTER_KEY",
    );
  });

  it("runs PostgreSQL 16 for both, and Gatehouse on its own database", () => {
    for (const name of ["litellm-db", "gatehouse-db"])
      expect(compose.services[name]?.image, `${name} must be PostgreSQL 16`).toMatch(/postgres:16/);
    const gatehouseDb = new URL(gatehouse.environment.DATABASE_URL.replace(/\$\{\w+\}/g, "x"));
    const litellmDb = new URL(litellm.environment.DATABASE_URL.replace(/\$\{\w+\}/g, "x"));
    expect(gatehouseDb.host, "Gatehouse must not share LiteLLM's database server").not.toBe(litellmDb.host);
  });

  it("builds Gatehouse from the Containerfile and points it at LiteLLM with break-glass sign-in", () => {
    expect(path.resolve(composeDir, gatehouse.build.context, gatehouse.build.dockerfile), "build the repo's Containerfile").toBe(
      path.join(ROOT, "Containerfile"),
    );
    expect(gatehouse.environment.LITELLM_URL).toBe("http://litellm:4000");
    expect(interpolation(gatehouse.environment.CONSOLE_ADMIN_PASSWORD_HASH)?.[2], "the break-glass hash must be required from .env").toBe(
      "?",
    );
    expect(interpolation(gatehouse.environment.AUTH_SECRET)?.[2], "AUTH_SECRET must be required from .env").toBe("?");
    expect(gatehouse.ports, "console on 3000").toContain("3000:8080");
    expect(litellm.ports, "LiteLLM on 4000").toContain("4000:4000");
    expect(gatehouse.depends_on?.litellm?.condition, "start after LiteLLM is healthy").toBe("service_healthy");
    for (const name of Object.keys(gatehouse.environment))
      expect(APP_ENV.has(name) || PLATFORM_ENV.has(name), `unknown environment variable ${name}`).toBe(true);
    for (const service of Object.values<any>(compose.services)) {
      expect(Object.keys(service.environment ?? {}), "no service may disable TLS").not.toContain("NODE_TLS_REJECT_UNAUTHORIZED");
    }
  });

  it("ships an example.env with every value empty, so compose refuses to start until it is filled", () => {
    const lines = fs
      .readFileSync(path.join(composeDir, "example.env"), "utf8")
      .split("\n")
      .filter((l) => /^\w+=/.test(l));
    expect(
      lines.map((l) => l.split("=")[0]),
      "example.env must list the salt key",
    ).toContain("LITELLM_SALT_KEY");
    for (const line of lines)
      expect(line.split("=").slice(1).join("="), `${line.split("=")[0]} must be empty in example.env`).toMatch(/^(''|"")?$/);
  });
});

// ---------------------------------------------------------------------------------------------
describe("no committed secrets", () => {
  const files = [
    path.join(ROOT, "Containerfile"),
    ...fs.readdirSync(DEPLOY, { recursive: true, encoding: "utf8" }).map((f) => path.join(DEPLOY, f)),
  ].filter((f) => fs.statSync(f).isFile() && !f.endsWith(".test.ts"));

  it("has no LiteLLM keys, bcrypt hashes or private keys under deploy/ or in the Containerfile", () => {
    expect(files.length, "the scan must see the deploy files").toBeGreaterThan(10);
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const keys = (text.match(/\bsk-[A-Za-z0-9_-]{8,}/g) ?? []).filter((k) => !k.includes("REPLACE_ME"));
      expect(keys, `${rel(file)} must not contain sk- keys`).toEqual([]);
      expect(text, `${rel(file)} must not contain a bcrypt hash`).not.toMatch(/\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}/);
      expect(text, `${rel(file)} must not contain a private key`).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
  });
});
