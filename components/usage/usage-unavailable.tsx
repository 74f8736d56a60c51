import { DatabaseZapIcon, PlugZapIcon, TriangleAlertIcon } from "lucide-react";

import { EmptyState } from "@/components/states/empty-state";
import type { UsageUnavailableKind } from "@/lib/usage/service";

const TITLES: Record<UsageUnavailableKind, string> = {
  "no-database": "LiteLLM has no database",
  unreachable: "LiteLLM is not reachable",
  error: "LiteLLM could not report usage",
};

/** Why there is no usage to show: LiteLLM without a database, LiteLLM down, or another LiteLLM error. */
export function UsageUnavailable({ kind, message }: { kind: UsageUnavailableKind; message: string }) {
  const icon = kind === "no-database" ? <DatabaseZapIcon /> : kind === "unreachable" ? <PlugZapIcon /> : <TriangleAlertIcon />;
  return <EmptyState icon={icon} title={TITLES[kind]} description={message} />;
}
