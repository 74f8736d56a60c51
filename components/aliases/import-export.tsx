"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileUpIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardContent } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { RadioGroup, RadioGroupItem } from "@/components/ui/radio-group";
import { Textarea } from "@/components/ui/textarea";
import { applyImportAction, previewImportAction } from "@/lib/aliases/actions";
import type { ConsumerAlias } from "@/lib/aliases/checks";
import { aliasKeys } from "@/lib/aliases/queries";
import type { ImportPreview } from "@/lib/aliases/service";
import { FindingsList } from "./findings-list";
import { KIND_LABELS } from "./kinds";

const EXAMPLE = `consumer: rag-pipeline
aliases:
  - alias: text-embedding-3-small
    kind: embedding
    dimension: 1536
    required: true
  - alias: team-chat-default
    kind: chat
    required: true
`;

function describe(r: ConsumerAlias): string {
  return `${r.alias} (${r.consumer}): ${KIND_LABELS[r.kind]}${r.dimension != null ? `, ${r.dimension}` : ""}${r.required ? ", required" : ""}`;
}

function Group({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  return (
    <div className="grid gap-1" data-testid={testId}>
      <h4 className="text-sm font-medium">
        {title} ({items.length})
      </h4>
      {items.length > 0 ? (
        <ul className="grid gap-0.5 font-mono text-xs">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The import card's body, loaded after first paint by ImportSlot (only for admins). */
export function ImportForm({ onApplied }: { onApplied: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const [force, setForce] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const reset = () => {
    setPreview(null);
    setProblem(null);
    setForce(false);
  };

  const previewMutation = useMutation({
    mutationFn: () => previewImportAction({ text, mode }),
    onSuccess: (result) => {
      if (!result.ok) {
        setProblem(result.error.fieldErrors?.text?.[0] ?? result.error.message);
        setPreview(null);
        return;
      }
      setProblem(null);
      setPreview(result.data);
    },
    onError: () => toast.error("Could not reach the console. Check your connection and try again."),
  });

  const applyMutation = useMutation({
    mutationFn: () => applyImportAction({ text, mode, force }),
    onSuccess: (result) => {
      if (!result.ok) {
        toast.error(result.error.message);
        return;
      }
      const { added, changed, removed } = result.data;
      toast.success(`Imported: ${added} added, ${changed} changed, ${removed} removed`);
      setText("");
      reset();
      void queryClient.invalidateQueries({ queryKey: aliasKeys.all });
      router.refresh();
      onApplied();
    },
    onError: () => toast.error("Could not reach the console. Check your connection and try again."),
  });

  const nothingToDo = preview && preview.added.length + preview.changed.length + preview.removed.length === 0;
  const needsForce = (preview?.blockingCount ?? 0) > 0;

  return (
    <CardContent className="grid gap-4">
      <div className="grid gap-1.5">
        <Label htmlFor="import-text">Registry file (YAML or JSON)</Label>
        <Textarea
          id="import-text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            reset();
          }}
          rows={10}
          spellCheck={false}
          className="font-mono text-xs"
          placeholder={EXAMPLE}
          aria-describedby={problem ? "import-problem" : undefined}
          aria-invalid={problem ? true : undefined}
        />
        {problem ? (
          <p id="import-problem" className="text-sm text-destructive" aria-live="polite">
            {problem}
          </p>
        ) : null}
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="import-file">
          <FileUpIcon className="size-4" aria-hidden /> Or upload a file
        </Label>
        <input
          id="import-file"
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml,text/plain"
          className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5 file:text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            if (file.size > 1_000_000) {
              setProblem("The file is larger than 1 MB.");
              return;
            }
            setText(await file.text());
            reset();
          }}
        />
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">When applying</legend>
        <RadioGroup
          value={mode}
          onValueChange={(v) => {
            setMode(v as "merge" | "replace");
            reset();
          }}
        >
          <div className="flex items-center gap-2">
            <RadioGroupItem value="merge" id="import-merge" />
            <Label htmlFor="import-merge" className="font-normal">
              Merge: add new entries and update changed ones
            </Label>
          </div>
          <div className="flex items-center gap-2">
            <RadioGroupItem value="replace" id="import-replace" />
            <Label htmlFor="import-replace" className="font-normal">
              Replace: also delete entries the file does not list
            </Label>
          </div>
        </RadioGroup>
      </fieldset>
      <div>
        <Button onClick={() => previewMutation.mutate()} disabled={!text.trim() || previewMutation.isPending}>
          {previewMutation.isPending ? "Checking…" : "Preview"}
        </Button>
      </div>

      {preview ? (
        <section aria-labelledby="import-preview-title" className="grid gap-4 rounded-lg border p-4" data-testid="import-preview">
          <h3 id="import-preview-title" className="text-base font-semibold">
            Preview
          </h3>
          {preview.errors.length > 0 ? (
            <div className="grid gap-1">
              <p className="text-sm text-destructive">The file has problems; fix them and preview again.</p>
              <ul className="grid gap-0.5 text-sm">
                {preview.errors.map((e) => (
                  <li key={`${e.path}-${e.message}`}>
                    {e.path ? <code className="font-mono">{e.path}</code> : null}
                    {e.path ? ": " : ""}
                    {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <>
              <div className="grid gap-3 sm:grid-cols-2">
                <Group title="Added" testId="import-added" items={preview.added.map(describe)} />
                <Group
                  title="Changed"
                  testId="import-changed"
                  items={preview.changed.map(
                    (c) =>
                      `${describe(c.after)} (was ${KIND_LABELS[c.before.kind]}${c.before.dimension != null ? `, ${c.before.dimension}` : ""})`,
                  )}
                />
                <Group title="Unchanged" testId="import-unchanged" items={preview.unchanged.map(describe)} />
                {mode === "replace" ? <Group title="Removed" testId="import-removed" items={preview.removed.map(describe)} /> : null}
              </div>
              <FindingsList findings={preview.findings} title="Checks against what LiteLLM serves" />
              {needsForce ? (
                <div className="flex items-start gap-2">
                  <Checkbox id="import-force" checked={force} onCheckedChange={(v) => setForce(v === true)} />
                  <Label htmlFor="import-force" className="font-normal">
                    <span>
                      Import anyway: record these expectations although{" "}
                      {preview.blockingCount === 1 ? "one conflicts" : `${preview.blockingCount} conflict`} with LiteLLM{" "}
                      <Badge variant="destructive">blocks</Badge> (the coverage view will show them)
                    </span>
                  </Label>
                </div>
              ) : null}
              <div className="flex items-center gap-3">
                <Button
                  onClick={() => applyMutation.mutate()}
                  disabled={Boolean(nothingToDo) || (needsForce && !force) || applyMutation.isPending}
                >
                  {applyMutation.isPending ? "Applying…" : "Apply import"}
                </Button>
                {nothingToDo ? <span className="text-sm text-muted-foreground">Nothing to change.</span> : null}
              </div>
            </>
          )}
        </section>
      ) : null}
    </CardContent>
  );
}
