import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { ExplainIsland } from "@/components/explain/explain-island";
import { LoadingState } from "@/components/states/loading-state";
import { PageHeader } from "@/components/states/page-header";
import { currentUser } from "@/lib/auth";
import { tokenHashSchema } from "@/lib/keys/schemas";

export const metadata: Metadata = { title: "Why is this key denied?" };

/** `/keys/explain?token=<hash>&model=<name>`: the token hash (never the key) may come from a key's page. */
export default async function ExplainKeyPage({ searchParams }: { searchParams: Promise<{ token?: string; model?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const { token, model } = await searchParams;
  const hash = tokenHashSchema.safeParse(token ?? "");
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Why is this key denied?"
        description="Walks the checks LiteLLM makes on a call, in its order, and shows which one refuses the key — with the value that decided it and the fix."
      />
      <ExplainIsland initialToken={hash.success ? hash.data : null} initialModel={typeof model === "string" ? model.slice(0, 256) : ""}>
        <LoadingState label="Loading the explainer" rows={4} />
      </ExplainIsland>
    </div>
  );
}
