import { PencilIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageHeader } from "@/components/states/page-header";
import { SetBreadcrumbs } from "@/components/shell/breadcrumbs";
import type { TeamView } from "@/lib/teams/service";
import { PolicySummary } from "./policy-summary";
import { BudgetText, ModelBadges } from "./teams-list";
import { TeamDialogButton } from "./teams-islands";

export function TeamDetail({ team, canEdit }: { team: TeamView; canEdit: boolean }) {
  const policy = team.policy;
  return (
    <div className="grid gap-6">
      <SetBreadcrumbs items={[{ label: "Teams", href: "/teams" }, { label: team.alias }]} />
      <PageHeader title={team.alias} description={`LiteLLM team ${team.teamId}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Budget and models</h2>
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm">
            <div>
              <BudgetText team={team} />
            </div>
            <ModelBadges team={team} max={50} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Bound groups</h2>
            </CardTitle>
            <CardDescription>People in these identity-provider groups join this team when they sign in.</CardDescription>
          </CardHeader>
          <CardContent>
            {team.groups.length === 0 ? (
              <p className="text-sm text-muted-foreground">No group is bound to this team (Settings → Group bindings).</p>
            ) : (
              <ul className="grid gap-1 text-sm">
                {team.groups.map((g) => (
                  <li key={`${g.source}-${g.group}-${g.role}`}>
                    <span className="font-mono">{g.group}</span> → {g.role === "admin" ? "team admin" : "member"}
                    {g.source === "file" ? <span className="text-muted-foreground"> (seed file)</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader className="flex flex-row items-start justify-between gap-4">
          <div className="grid gap-1.5">
            <CardTitle>
              <h2>Key policy</h2>
            </CardTitle>
            <CardDescription>Caps for keys issued in this team, enforced by Gatehouse when a key is issued.</CardDescription>
          </div>
          {canEdit ? (
            <TeamDialogButton
              dialog="policy"
              className={buttonVariants({ variant: "outline" })}
              teamId={team.teamId}
              teamAlias={team.alias}
              teamModels={team.availableModels}
              modelTotal={team.availableModelCount}
              current={
                policy
                  ? {
                      maxKeyBudgetUsd: policy.maxKeyBudgetUsd,
                      maxKeyDurationDays: policy.maxKeyDurationDays,
                      allowedModels: policy.allowedModels,
                      maxActiveKeysPerMember: policy.maxActiveKeysPerMember,
                      membersCanIssue: policy.membersCanIssue,
                      defaultBudgetPeriod: policy.defaultBudgetPeriod,
                    }
                  : null
              }
            >
              <PencilIcon aria-hidden /> {policy ? "Edit policy" : "Set policy"}
            </TeamDialogButton>
          ) : null}
        </CardHeader>
        <CardContent>
          <PolicySummary policy={policy} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Members</h2>
          </CardTitle>
          <CardDescription>As LiteLLM records them; Gatehouse adds and removes members of bound teams at each sign-in.</CardDescription>
        </CardHeader>
        <CardContent>
          {team.members.length === 0 ? (
            <p className="text-sm text-muted-foreground">No members yet.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>User</TableHead>
                  <TableHead>Role in LiteLLM</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {team.members.map((m) => (
                  <TableRow key={m.userId} data-testid="team-member-row">
                    <TableCell className="font-mono">{m.userId}</TableCell>
                    <TableCell>
                      <Badge variant={m.role === "admin" ? "default" : "secondary"}>{m.role === "admin" ? "Admin" : "Member"}</Badge>
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
