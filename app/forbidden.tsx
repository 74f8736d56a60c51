import type { Metadata } from "next";
import { headers } from "next/headers";

import { ConsoleFrame } from "@/components/shell/console-frame";
import { ForbiddenState } from "@/components/states/forbidden-state";
import { currentUser } from "@/lib/auth";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { PATH_HEADER } from "@/lib/http-guards";

export const metadata: Metadata = { title: "No access" };

/** What `forbidden()` renders, with HTTP 403: the same panel the pages show, inside the console. */
export default async function Forbidden() {
  const [user, h] = await Promise.all([currentUser(), headers()]);
  const panel = <ForbiddenState message={forbiddenMessage(h.get(PATH_HEADER))} />;
  if (!user) return <main className="mx-auto max-w-2xl p-6">{panel}</main>;
  return <ConsoleFrame user={user}>{panel}</ConsoleFrame>;
}
