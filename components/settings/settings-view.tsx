import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/states/page-header";
import type { EffectiveSettings } from "@/lib/settings/effective";
import { GroupBindingsEditor, type TeamOption } from "./group-bindings";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-[14rem_1fr]">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

function List({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {items.map((item) => (
        <Badge key={item} variant="secondary" className="font-mono">
          {item}
        </Badge>
      ))}
    </span>
  );
}

export function SettingsView({ settings, canEdit, teams = [] }: { settings: EffectiveSettings; canEdit: boolean; teams?: TeamOption[] }) {
  const { litellm, database, signIn, allowLists, bindings } = settings;
  return (
    <div className="grid gap-6">
      <PageHeader title="Settings" description="The configuration this console runs with. Secrets are never shown." />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>LiteLLM</h2>
          </CardTitle>
          <CardDescription>The gateway this console manages, reached with its master key.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="divide-y">
            <Row label="Admin API URL">
              <code>{litellm.url}</code>
            </Row>
            <Row label="Public URL (for clients)">
              <code>{litellm.publicUrl}</code>
            </Row>
            <Row label="Detected version">
              {litellm.status.ok ? (
                <span data-testid="settings-litellm-version">v{litellm.status.version}</span>
              ) : (
                <span className="text-destructive">Not connected: {litellm.status.message}</span>
              )}
            </Row>
            <Row label="Timeouts">
              {litellm.timeoutMs / 1000} s per call; Test Connect {litellm.testConnectTimeoutMs / 1000} s
            </Row>
            <Row label="Master key">Configured (never displayed)</Row>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Database</h2>
          </CardTitle>
          <CardDescription>The console&apos;s own state: audit log, consumer aliases, group bindings, team policies.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="divide-y">
            <Row label="Target">
              <span data-testid="settings-database-kind">{database.kind === "pglite" ? "Embedded (PGlite)" : "PostgreSQL"}</span>
            </Row>
            <Row label="Location">
              <code>{database.location}</code>
            </Row>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Sign-in</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="divide-y">
            <Row label="Enabled providers">
              <List items={signIn.providers.map((p) => p.name)} empty="None" />
            </Row>
            <Row label="Session lifetime">
              {signIn.sessionHours} hours (break-glass admin: {signIn.breakGlassSessionHours} hour)
            </Row>
            <Row label="Master-key login">{signIn.masterKeyLogin ? "Enabled — disable it once single sign-on works" : "Disabled"}</Row>
            {signIn.groupsClaim ? <Row label="OIDC groups claim">{signIn.groupsClaim}</Row> : null}
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Model endpoint allow-lists</h2>
          </CardTitle>
          <CardDescription>
            Private addresses are refused for api_base unless listed here (ALLOWED_API_BASE_HOSTS, ALLOWED_API_BASE_CIDRS). Loopback and
            cloud metadata addresses are always refused.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="divide-y">
            <Row label="Allowed hosts">
              <List items={allowLists.hosts} empty="None" />
            </Row>
            <Row label="Allowed CIDRs">
              <List items={allowLists.cidrs} empty="None" />
            </Row>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Group bindings</h2>
          </CardTitle>
          <CardDescription>
            Identity-provider groups mapped to console roles and LiteLLM teams; recomputed at every sign-in.
            {settings.bindingsFile ? ` Seeded from ${settings.bindingsFile} (read-only here).` : ""}
            {canEdit ? "" : " Read-only for viewers."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <GroupBindingsEditor bindings={bindings} teams={teams} canEdit={canEdit} />
        </CardContent>
      </Card>
    </div>
  );
}
