import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { PlaygroundIsland } from "@/components/playground/playground-island";
import { LoadingState } from "@/components/states/loading-state";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { PageHeader } from "@/components/states/page-header";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { getEnv } from "@/lib/env";
import { isLiteLLMError } from "@/lib/litellm";
import { PLAYGROUND_LIMITS } from "@/lib/playground/schemas";
import { findPlaygroundModels, PLAYGROUND_KEY_BUDGET, resolvePlaygroundModel } from "@/lib/playground/service";
import { isDomainError } from "@/lib/errors";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Playground" };

/** `/playground?model=<public name>`: try a model the way a consumer calls it. */
export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<{ model?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const header = (
    <PageHeader
      title="Playground"
      description="Call a model through the gateway as a consumer would, with a temporary key for that model only (10 minutes, a budget of a few cents, deleted afterwards). Prompts are never stored or audited."
    />
  );
  if (user.role === "viewer") {
    return (
      <div className="grid gap-6">
        {header}
        <ForbiddenState message={forbiddenMessage("/playground")} />
      </div>
    );
  }
  const { model } = await searchParams;
  const asked = typeof model === "string" ? model.slice(0, 256) : null;
  // The picker gets the first names (and the one asked for); the rest are found by its search action.
  const choices = await findPlaygroundModels({ user, include: asked }).catch((error: unknown) => {
    if (isLiteLLMError(error)) return error;
    throw error;
  });
  if (choices instanceof Error) {
    return (
      <div className="grid gap-6">
        {header}
        <Alert variant="destructive">
          <AlertTitle>LiteLLM did not answer</AlertTitle>
          <AlertDescription>The model list could not be read: {choices.message} Try again in a moment.</AlertDescription>
        </Alert>
      </div>
    );
  }
  // A model asked for by name that is not on the list: say why (not in the member's teams, gone, or not a chat/embedding model).
  let notice: string | null = null;
  if (asked && !choices.options.some((m) => m.name === asked)) {
    notice = await resolvePlaygroundModel({ ctx: { user }, model: asked }).then(
      () => null,
      (error: unknown) => (isDomainError(error) || isLiteLLMError(error) ? error.message : null),
    );
  }
  const env = getEnv();
  return (
    <div className="grid gap-6">
      {header}
      {notice ? (
        <Alert variant="warning">
          <AlertTitle>You cannot try {asked}</AlertTitle>
          <AlertDescription>{notice}</AlertDescription>
        </Alert>
      ) : null}
      <PlaygroundIsland
        choices={choices}
        initialModel={asked}
        isAdmin={user.role === "admin"}
        baseUrl={env.LITELLM_PUBLIC_URL ?? env.LITELLM_URL}
        limits={PLAYGROUND_LIMITS}
        keyBudget={PLAYGROUND_KEY_BUDGET}
      >
        <LoadingState label="Loading the playground" rows={6} />
      </PlaygroundIsland>
    </div>
  );
}
