"use client";

import * as React from "react";
import { useFormContext } from "react-hook-form";

import { LoadingState } from "@/components/states/loading-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { Finding } from "@/lib/aliases/checks";
import { previewDraftAction } from "@/lib/models/wizard-actions";
import type { DraftPreview } from "@/lib/models/wizard-service";

import { FindingsList } from "./findings-list";
import { toDraftInput, type WizardValues } from "./types";

/** Step 6: exactly what /model/new receives (secrets masked) and the equivalent config.yaml entry, both built on the server. */
export function ReviewStep({ findings, tested }: { findings: Finding[]; tested: boolean }) {
  const form = useFormContext<WizardValues>();
  const [preview, setPreview] = React.useState<DraftPreview | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    let live = true;
    previewDraftAction({ draft: toDraftInput(form.getValues()) }).then((res) => {
      if (!live) return;
      if (res.ok) setPreview(res.data);
      else setError(res.error.message);
    });
    return () => {
      live = false;
    };
  }, [form]);

  if (error) {
    return (
      <Alert variant="destructive">
        <AlertTitle>The draft cannot be previewed</AlertTitle>
        <AlertDescription>{error}</AlertDescription>
      </Alert>
    );
  }
  if (!preview) return <LoadingState label="Building the preview" rows={4} />;

  const alias = preview.request.model_name;
  return (
    <div className="grid gap-4">
      <p className="text-sm">
        <strong>{preview.providerLabel}</strong> model <code>{String(preview.request.litellm_params.model)}</code> served as{" "}
        <code>{alias}</code> ({String(preview.request.model_info.mode)}).
      </p>
      {preview.groupSize > 0 ? (
        <Alert variant="warning" data-testid="group-notice">
          <AlertTitle>Load-balancing group</AlertTitle>
          <AlertDescription>
            {alias} is already served by {preview.groupSize} deployment{preview.groupSize === 1 ? "" : "s"}. Saving adds another one to the
            same group: LiteLLM balances requests for {alias} across all of them. You will be asked to confirm.
          </AlertDescription>
        </Alert>
      ) : null}
      {!tested ? (
        <p className="text-sm text-muted-foreground">Not tested yet: Test Connect (the previous step) shows whether the provider answers before you save.</p>
      ) : null}
      {preview.notes.length > 0 ? (
        <Alert data-testid="review-notes">
          <AlertTitle>How secrets are stored</AlertTitle>
          <AlertDescription>
            {preview.notes.map((n) => (
              <p key={n}>{n}</p>
            ))}
          </AlertDescription>
        </Alert>
      ) : null}
      <FindingsList findings={findings} testId="review-findings" />
      {preview.warnings.length > 0 ? (
        <ul className="grid list-disc gap-1 pl-5 text-sm text-warning">
          {preview.warnings.map((w) => (
            <li key={`${w.path}-${w.message}`}>{w.message}</li>
          ))}
        </ul>
      ) : null}
      <Tabs defaultValue="request">
        <TabsList>
          <TabsTrigger value="request">LiteLLM request</TabsTrigger>
          <TabsTrigger value="yaml">config.yaml</TabsTrigger>
        </TabsList>
        <TabsContent value="request">
          <p className="mb-2 text-sm text-muted-foreground">POST /model/new — secrets masked; model_info.id is chosen when you save.</p>
          <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs" data-testid="review-request" tabIndex={0} aria-label="LiteLLM request body">
            {JSON.stringify(preview.request, null, 2)}
          </pre>
        </TabsContent>
        <TabsContent value="yaml">
          <p className="mb-2 text-sm text-muted-foreground">The same deployment for LiteLLM&apos;s config.yaml, with os.environ/ references instead of secrets.</p>
          <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs" data-testid="review-yaml" tabIndex={0} aria-label="config.yaml entry">
            {preview.configYaml}
          </pre>
        </TabsContent>
      </Tabs>
    </div>
  );
}
