import Link from "next/link";
import { PlusIcon, UsersIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/states/empty-state";
import { PageHeader } from "@/components/states/page-header";
import type { TeamView } from "@/lib/teams/service";
import { PolicySummary, formatUsd } from "./policy-summary";
import { TeamDialogButton } from "./teams-islands";

export function ModelBadges({ team, max = 4 }: { team: Pick<TeamView, "models" | "unrestrictedModels">; max?: number }) {
  if (team.unrestrictedModels) return <Badge variant="secondary">All proxy models</Badge>;
  const shown = team.models.slice(0, max);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((m) => (
        <Badge key={m} variant="outline" className="font-mono">
          {m}
        </Badge>
      ))}
      {team.models.length > shown.length ? <Badge variant="secondary">+{team.models.length - shown.length}</Badge> : null}
    </span>
  );
}

export function BudgetText({ team }: { team: Pick<TeamView, "spend" | "maxBudget" | "budgetDuration"> }) {
  return (
    <span>
      {formatUsd(team.spend)} spent
      {team.maxBudget !== null ? ` of ${formatUsd(team.maxBudget)}` : " (no budget)"}
      {team.budgetDuration ? ` / ${team.budgetDuration}` : ""}
      {team.maxBudget !== null && team.maxBudget > 0 ? ` (${Math.round((team.spend / team.maxBudget) * 100)} % used)` : ""}
    </span>
  );
}

export function TeamsList({
  teams,
  title,
  canCreate,
  proxyModels,
  proxyModelTotal,
}: {
  teams: TeamView[];
  title: string;
  canCreate: boolean;
  proxyModels: string[];
  proxyModelTotal: number;
}) {
  return (
    <div className="grid gap-6">
      <PageHeader
        title={title}
        description={
          canCreate
            ? "LiteLLM teams, their members and models, and the caps for keys issued in each."
            : "The teams you belong to, with their models, budget and key policy."
        }
        actions={
          canCreate ? (
            <TeamDialogButton dialog="create" proxyModels={proxyModels} modelTotal={proxyModelTotal} className={buttonVariants()}>
              <PlusIcon aria-hidden /> New team
            </TeamDialogButton>
          ) : null
        }
      />
      {teams.length === 0 ? (
        <EmptyState
          icon={<UsersIcon />}
          title="No teams yet"
          description={
            canCreate ? "Create a team, then bind an identity-provider group to it in Settings." : "You are not a member of any team."
          }
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Team</TableHead>
              <TableHead>Members</TableHead>
              <TableHead>Models</TableHead>
              <TableHead>Budget</TableHead>
              <TableHead>Key policy</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {teams.map((team) => (
              <TableRow key={team.teamId} data-testid="team-row">
                <TableCell>
                  <Link href={`/teams/${encodeURIComponent(team.teamId)}`} className="font-medium underline-offset-4 hover:underline">
                    {team.alias}
                  </Link>
                  <div className="font-mono text-xs text-muted-foreground">{team.teamId}</div>
                  {team.myRole ? <Badge variant="secondary">{team.myRole === "admin" ? "You: team admin" : "You: member"}</Badge> : null}
                  {!team.exists ? <Badge variant="warning">Missing in LiteLLM</Badge> : null}
                  {team.blocked ? <Badge variant="destructive">Blocked</Badge> : null}
                </TableCell>
                <TableCell>{team.members.length}</TableCell>
                <TableCell>
                  <ModelBadges team={team} />
                </TableCell>
                <TableCell>
                  <BudgetText team={team} />
                </TableCell>
                <TableCell>
                  <PolicySummary policy={team.policy} compact />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
