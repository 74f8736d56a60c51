"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RefreshCwIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { verifyModelDimensionAction } from "@/lib/aliases/actions";
import { aliasKeys } from "@/lib/aliases/queries";

/**
 * "Verify again" for an embedding deployment: a real /v1/embeddings call through LiteLLM, then a refresh.
 * `autoRun` runs it once on mount (the model page loads this on the first press and hands that press on).
 */
export function VerifyDimensionButton({ modelId, label = "Verify again", autoRun = false }: { modelId: string; label?: string; autoRun?: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: () => verifyModelDimensionAction({ modelId }),
    onSuccess: (result) => {
      if (!result.ok) toast.error(result.error.message);
      else if (result.data.status === "verified") toast.success(result.data.message);
      else if (result.data.status === "mismatch") toast.error(result.data.message);
      else toast.warning(result.data.message);
      void queryClient.invalidateQueries({ queryKey: aliasKeys.verification(modelId) });
      router.refresh();
    },
    onError: () => toast.error("Could not reach the console. Check your connection and try again."),
  });

  const autoRan = React.useRef(false);
  const { mutate } = verify;
  React.useEffect(() => {
    if (!autoRun || autoRan.current) return;
    autoRan.current = true;
    mutate();
  }, [autoRun, mutate]);

  return (
    <Button variant="outline" size="sm" onClick={() => verify.mutate()} disabled={verify.isPending}>
      <RefreshCwIcon aria-hidden className={verify.isPending ? "animate-spin" : undefined} /> {verify.isPending ? "Verifying…" : label}
    </Button>
  );
}
