import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AddModelWizardLazy } from "@/components/models/wizard/add-model-wizard-lazy";
import type { WizardPrefill } from "@/components/models/wizard/types";
import { SetBreadcrumbs } from "@/components/shell/breadcrumbs";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { LoadingState } from "@/components/states/loading-state";
import { PageHeader } from "@/components/states/page-header";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { isAdmin } from "@/lib/auth/permissions";
import { isMode } from "@/lib/catalog/modes";
import { loadWizardCatalog } from "@/lib/models/wizard-service";

export const metadata: Metadata = { title: "Add model" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** /models/new?alias=…&mode=…&dimension=… (the coverage view's "Register this alias" link). */
function prefillFrom(params: Record<string, string | string[] | undefined>): WizardPrefill {
  const prefill: WizardPrefill = {};
  const alias = one(params.alias);
  if (alias && alias.length <= 200) prefill.alias = alias;
  const mode = one(params.mode);
  if (isMode(mode)) prefill.mode = mode;
  const dimension = Number(one(params.dimension));
  if (Number.isInteger(dimension) && dimension > 0 && dimension <= 65_536) prefill.dimension = dimension;
  return prefill;
}

export default async function NewModelPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!isAdmin(user)) return <ForbiddenState message={forbiddenMessage("/models/new")} />;
  const [catalog, params] = await Promise.all([loadWizardCatalog({ ctx: { user } }), searchParams]);
  return (
    <div className="grid gap-6">
      <SetBreadcrumbs items={[{ label: "Models", href: "/models" }, { label: "Add model" }]} />
      <PageHeader
        title="Add model"
        description="Register a provider deployment with LiteLLM: choose the provider, name the model, connect, test, and save."
      />
      <AddModelWizardLazy
        catalog={catalog}
        prefill={prefillFrom(params)}
        fallback={<LoadingState label="Loading the Add Model wizard" rows={6} />}
      />
    </div>
  );
}
