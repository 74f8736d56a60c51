import type { Metadata } from "next";
import { headers } from "next/headers";

import { ForbiddenState } from "@/components/states/forbidden-state";
import { forbiddenMessage } from "@/lib/auth/route-access";
import { PATH_HEADER } from "@/lib/http-guards";

export const metadata: Metadata = { title: "No access" };

/**
 * What `forbidden()` renders, with HTTP 403: the same panel the pages show. Kept light on purpose: Next renders this
 * boundary with every page, so it must not load the session, call LiteLLM or pull the console shell's JavaScript.
 */
export default async function Forbidden() {
  const path = (await headers()).get(PATH_HEADER);
  return (
    <main id="main" className="mx-auto grid max-w-2xl gap-4 p-6">
      <ForbiddenState message={forbiddenMessage(path)} />
      <p className="text-center text-sm">
        {/* A plain link on purpose: no client JavaScript in this boundary, and a full load renders the console again. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a className="font-medium underline underline-offset-4" href="/">
          Back to the console
        </a>
      </p>
    </main>
  );
}
