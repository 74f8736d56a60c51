/** The e2e ports and fixtures `scripts/sandbox.ts --e2e` starts (shifted by E2E_PORT_OFFSET). */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const CONSOLE_URL = `http://localhost:${3100 + offset}`;
export const LITELLM_URL = `http://127.0.0.1:${4010 + offset}`;
export const UPSTREAM_URL = `http://127.0.0.1:${4110 + offset}`;
export const UPSTREAM_HOST = `127.0.0.1:${4110 + offset}`;
export const OPENSHIFT_URL = `http://localhost:${4210 + offset}`;
export const OIDC_URL = `http://localhost:${4310 + offset}`;
export const MASTER_KEY = "sk-sandbox-master-key";
export const ADMIN_PASSWORD = "gatehouse-sandbox-admin";
export const DATA_DIR = offset ? `data/e2e-${offset}` : "data/e2e";
export const STORAGE = {
  admin: `${DATA_DIR}/.auth/admin.json`,
  // Signed in through "Sign in with OpenShift" as the fake's fixture users (e2e/auth.setup.ts).
  ocpAdmin: `${DATA_DIR}/.auth/ocp-admin.json`,
  ocpViewer: `${DATA_DIR}/.auth/ocp-viewer.json`,
  alphaAdmin: `${DATA_DIR}/.auth/alpha-admin.json`,
  alphaMember: `${DATA_DIR}/.auth/alpha-member.json`,
  multiTeam: `${DATA_DIR}/.auth/multi-team.json`,
} as const;
/** Sandbox catchers (scripts/sandbox.ts): webhook receiver + JSON of what arrived, and the SMTP catcher's port. */
export const CATCHER_URL = `http://127.0.0.1:${4410 + offset}`;
export const SMTP_PORT = 4425 + offset;
