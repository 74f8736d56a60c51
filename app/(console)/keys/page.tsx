import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { KeysListView } from "@/components/keys/keys-list-view";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { isDomainError } from "@/lib/errors";
import { keyListParamsSchema } from "@/lib/keys/schemas";
import { listKeysPage } from "@/lib/keys/service";

export const metadata: Metadata = { title: "Virtual keys" };

export default async function KeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const params = keyListParamsSchema.parse(await searchParams);
  const page = await listKeysPage({ user, params }).catch((error: unknown) => {
    if (isDomainError(error) && error.code === "forbidden") return error;
    throw error;
  });
  if (page instanceof Error) return <ForbiddenState message={page.message} />;
  return <KeysListView page={page} params={params} user={user} />;
}
