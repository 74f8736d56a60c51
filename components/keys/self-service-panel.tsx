import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { IssueTeamOption } from "@/lib/keys/service";

/**
 * Shown on /keys/new before any field: the caller's teams where self-service is off, why, and who can turn it on.
 * Server-rendered, so it is there before the form's JavaScript loads.
 */
export function SelfServicePanel({ teams, formOffered }: { teams: IssueTeamOption[]; formOffered: boolean }) {
  if (teams.length === 0) return null;
  const names = teams.map((t) => t.name).join(", ");
  return (
    <Alert variant={formOffered ? "default" : "warning"} aria-label="Self-service key issuing" data-testid="self-service-panel">
      <AlertTitle>
        {formOffered ? `You cannot issue keys for ${names} here` : `You cannot issue keys here yet (${names})`}
      </AlertTitle>
      <AlertDescription>
        {teams.map((t) => (
          <p key={t.teamId}>
            {t.block!.message} {t.block!.whoCanEnable}
          </p>
        ))}
        {formOffered ? <p>The form below is for your other teams.</p> : null}
      </AlertDescription>
    </Alert>
  );
}
