import { BellIcon } from "lucide-react";

import { Timestamp } from "@/components/time/timestamp";

import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { NotificationSetup } from "@/lib/notify/service";

import { Button } from "@/components/ui/button";

import type { Kind } from "./notification-actions";
import { NotificationsIsland } from "./notifications-island";

/** A button whose action loads after hydration; until then a disabled stand-in with the same name. */
function ActionButton({ kind, id, label, variant = "outline" }: { kind: Kind; id?: string; label: string; variant?: "outline" | "destructive" | "default" }) {
  return (
    <NotificationsIsland part="action" kind={kind} id={id} label={label} variant={variant}>
      <Button type="button" size="sm" variant={variant} disabled>
        {label}
      </Button>
    </NotificationsIsland>
  );
}

function NewItem(props: { what: "channel" | "rule"; teams: string[]; canGlobal: boolean; channels: { id: string; name: string; teamId: string | null }[] }) {
  return (
    <NotificationsIsland part="new" {...props}>
      <div>
        <Button type="button" size="sm" disabled>
          {props.what === "channel" ? "New channel" : "New rule"}
        </Button>
      </div>
    </NotificationsIsland>
  );
}

const KIND_LABEL: Record<string, string> = { webhook: "Webhook", slack: "Slack", email: "E-mail" };
const STATUS_VARIANT: Record<string, "default" | "secondary" | "destructive" | "outline"> = { sent: "default", pending: "secondary", sending: "secondary", failed: "destructive" };

function scope(teamId: string | null) {
  return teamId ? `Team ${teamId}` : "Global";
}

/** Channels, rules and the delivery log. Secrets never reach this page: channels show their host only. */
export function NotificationsView({ setup, canRunTick }: { setup: NotificationSetup; canRunTick: boolean }) {
  const canCreate = setup.canManageGlobal || setup.manageableTeams.length > 0;
  const channelChoices = setup.channels.filter((c) => c.canManage).map((c) => ({ id: c.id, name: c.name, teamId: c.teamId }));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Notifications"
        description="Tell the owners before a key expires or a budget runs out. The scheduler checks every minute; each notice is sent once per threshold."
        actions={canRunTick ? <ActionButton kind="tick" label="Run a tick now" /> : null}
      />

      <Card>
        <CardHeader className="flex flex-row items-center justify-between gap-2">
          <CardTitle>
            <h2>Channels</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          {setup.channels.length === 0 ? (
            <EmptyState icon={<BellIcon aria-hidden />} title="No channel yet" description="Add a webhook, a Slack incoming webhook or an SMTP server." />
          ) : (
            <Table aria-label="Channels">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Type</TableHead>
                  <TableHead>Scope</TableHead>
                  <TableHead>Sends to</TableHead>
                  <TableHead className="text-right">Actions</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {setup.channels.map((c) => (
                  <TableRow key={c.id} data-testid="channel-row">
                    <TableCell className="font-medium">{c.name}</TableCell>
                    <TableCell>{KIND_LABEL[c.kind] ?? c.kind}</TableCell>
                    <TableCell>{scope(c.teamId)}</TableCell>
                    <TableCell className="max-w-72 truncate text-muted-foreground" title={c.target}>
                      {c.target}
                      {c.hasSecret ? " · secret stored (write-only)" : ""}
                    </TableCell>
                    <TableCell className="text-right">
                      {c.canManage ? (
                        <span className="inline-flex flex-wrap justify-end gap-2">
                          <ActionButton kind="test" id={c.id} label={`Send a test message to ${c.name}`} />
                          <ActionButton kind="delete-channel" id={c.id} label={`Delete ${c.name}`} variant="destructive" />
                        </span>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {canCreate ? <NewItem what="channel" teams={setup.manageableTeams} canGlobal={setup.canManageGlobal} channels={channelChoices} /> : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Rules</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          {setup.rules.length === 0 ? (
            <p className="text-sm text-muted-foreground">No rule yet. Usual ones: keys expiring within 14, 7 and 1 days; budgets at 80 % and 100 %.</p>
          ) : (
            <Table aria-label="Rules">
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Scope</TableHead>
                  <TableHead>Channels</TableHead>
                  <TableHead className="text-right">Actions</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {setup.rules.map((r) => (
                  <TableRow key={r.id} data-testid="rule-row">
                    <TableCell>
                      {r.label} {r.threshold} {r.unit}
                    </TableCell>
                    <TableCell>{scope(r.teamId)}</TableCell>
                    <TableCell>{r.channels.map((c) => c.name).join(", ")}</TableCell>
                    <TableCell className="text-right">
                      {r.canManage ? <ActionButton kind="delete-rule" id={r.id} label={`Delete rule ${r.label} ${r.threshold} ${r.unit}`} variant="destructive" /> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {canCreate ? <NewItem what="rule" teams={setup.manageableTeams} canGlobal={setup.canManageGlobal} channels={channelChoices} /> : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Delivery log</h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          {setup.deliveries.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing sent yet.</p>
          ) : (
            <Table aria-label="Delivery log">
              <TableHeader>
                <TableRow>
                  <TableHead>Queued</TableHead>
                  <TableHead>Channel</TableHead>
                  <TableHead>About</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Last error</TableHead>
                  <TableHead className="text-right">Actions</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {setup.deliveries.map((x) => (
                  <TableRow key={x.id} data-testid="delivery-row">
                    <TableCell className="whitespace-nowrap">
                      <Timestamp iso={x.createdAt} style="short" />
                    </TableCell>
                    <TableCell>{x.channelName}</TableCell>
                    <TableCell>
                      {x.subjectLabel}
                      {x.event !== ("test" as string) ? (
                        <span className="text-muted-foreground">
                          {" "}
                          · {x.event.replace(/_/g, " ")} {x.threshold} {x.unit}
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={STATUS_VARIANT[x.status] ?? "outline"}>{x.status}</Badge>
                      <span className="ml-1 text-xs text-muted-foreground">
                        {x.attempts} attempt{x.attempts === 1 ? "" : "s"}
                        {x.status === "pending" && x.nextAttemptAt ? (
                          <>
                            , retry at <Timestamp iso={x.nextAttemptAt} style="short" />
                          </>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell className="max-w-80 text-sm break-words text-muted-foreground">{x.lastError ?? "—"}</TableCell>
                    <TableCell className="text-right">
                      {x.canResend && x.status !== "pending" ? <ActionButton kind="resend" id={x.id} label="Resend" /> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
