"use client";

import * as React from "react";
import { useRouter } from "next/navigation";

import { ModelDeleteDialog } from "./model-delete-dialog";
import { ModelEditDialog } from "./model-edit-dialog";
import { ModelTestConnect } from "./model-test-connect";
import { VerifyDimensionButton } from "@/components/aliases/verify-dimension-button";

/** After the pressed placeholder button is swapped out, give focus to the loaded one (dialogs move focus themselves). */
function Refocus({ children }: { children: React.ReactNode }) {
  const wrapper = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (document.activeElement && document.activeElement !== document.body) return;
    wrapper.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, []);
  return (
    <div ref={wrapper} className="contents">
      {children}
    </div>
  );
}

/** ModelsLoadError's "Try again": refreshes at once (it was pressed), then on every further press. */
function Retry({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();
  const refresh = React.useCallback(() => startTransition(() => router.refresh()), [router]);
  React.useEffect(refresh, [refresh]);
  return (
    <div
      aria-busy={pending}
      onClick={(event) => {
        if ((event.target as Element).closest("button")) refresh();
      }}
    >
      {children}
    </div>
  );
}

/**
 * What a deployment page's buttons load on their first press (see ModelAction), each acting on that press:
 * the dialogs mount open, Test Connect and the dimension check start.
 */
export const modelActions = {
  edit: (props: Omit<React.ComponentProps<typeof ModelEditDialog>, "defaultOpen">) => <ModelEditDialog {...props} defaultOpen />,
  delete: (props: { id: string; alias: string }) => <ModelDeleteDialog {...props} defaultOpen />,
  test: (props: { modelId: string; timeoutSeconds: number }) => (
    <Refocus>
      <ModelTestConnect {...props} autoStart />
    </Refocus>
  ),
  verify: (props: { modelId: string; label: string }) => (
    <Refocus>
      <VerifyDimensionButton {...props} autoRun />
    </Refocus>
  ),
  retry: ({ children }: { children?: React.ReactNode }) => <Retry>{children}</Retry>,
};

export type ModelActionKind = keyof typeof modelActions;
