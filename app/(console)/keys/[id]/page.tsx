import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { KeyRoundIcon } from "lucide-react";

import { KeyDetailView } from "@/components/keys/key-detail-view";
import { EmptyState } from "@/components/states/empty-state";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { Button } from "@/components/ui/button";
import { ScopedUsageSection } from "@/components/usage/scoped-usage";
import { currentUser } from "@/lib/auth";
import { isDomainError } from "@/lib/errors";
import { getKeyDetail } from "@/lib/keys/service";

export const metadata: Metadata = { title: "Virtual key" };

/** `/keys/<token hash>`: the raw key never appears in a URL. */
export default async function KeyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const { id } = await params;
  const detail = await getKeyDetail({ user, token: id }).catch((error: unknown) => {
    if (isDomainError(error) && (error.code === "forbidden" || error.code === "not_found")) return error;
    throw error;
  });
  if (isDomainError(detail)) {
    if (detail.code === "forbidden") return <ForbiddenState message={detail.message} />;
    return (
      <EmptyState
        icon={<KeyRoundIcon aria-hidden />}
        title="Key not found"
        description={detail.message}
        action={
          <Button asChild variant="outline">
            <Link href="/keys">Back to keys</Link>
          </Button>
        }
      />
    );
  }
  const k = detail.key;
  return (
    <div className="grid gap-8">
      {/* Notices link here with ?extend=1: the extension is offered first. */}
      <KeyDetailView detail={detail} fromNotice={(await searchParams).extend === "1"} />
      <ScopedUsageSection
        user={user}
        filters={{ key: k.token }}
        groupBy="model"
        title="Usage of this key (last 30 days)"
        budget={{ kind: "key", key: { token: k.token, alias: k.alias, spend: k.spend, maxBudget: k.maxBudget, budgetDuration: k.budgetDuration, budgetResetAt: k.budgetResetAt } }}
      />
    </div>
  );
}
