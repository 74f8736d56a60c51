import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { CONFIG_READ_ONLY_REASON, type ModelHealth, type ModelSource } from "@/lib/models/list";

export function ModeBadge({ mode }: { mode: string | null }) {
  return (
    <Badge variant="secondary" title="model_info.mode: what health checks and Test Connect call">
      {mode ?? "mode not set"}
    </Badge>
  );
}

export function ProviderBadge({ provider }: { provider: string }) {
  return (
    <Badge variant="outline" className="font-mono">
      {provider}
    </Badge>
  );
}

/** db_model: DB-stored deployments are editable here; config.yaml ones are not, and the badge says why. */
export function SourceBadge({ source }: { source: ModelSource }) {
  if (source === "db") {
    return (
      <Badge variant="outline" title="Stored in LiteLLM's database (db_model): editable here">
        DB
      </Badge>
    );
  }
  return (
    <Badge variant="warning" title={CONFIG_READ_ONLY_REASON}>
      config.yaml · read-only
    </Badge>
  );
}

/** Applied from a config-as-code file: drift against that file shows on /config. */
export function ManagedByBadge({ source }: { source: string }) {
  return (
    <Badge variant="secondary" title={`Applied from ${source} (config as code); prune with that source may remove it`}>
      from {source.length > 24 ? `${source.slice(0, 23)}…` : source}
    </Badge>
  );
}

const HEALTH_VARIANT = { healthy: "success", failing: "destructive", blocked: "destructive", unchecked: "outline" } as const;

export function HealthBadge({ health }: { health: ModelHealth }) {
  return (
    <Badge variant={HEALTH_VARIANT[health.state]} title={health.detail} data-testid="health-badge" data-health={health.state}>
      {health.label}
      {health.checkedAt ? (
        <>
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, checked </span>
          <Timestamp iso={health.checkedAt} style="short" className="font-normal" />
        </>
      ) : null}
    </Badge>
  );
}
