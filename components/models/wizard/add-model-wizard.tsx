"use client";

import * as React from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";

import { TestConnectPanel } from "@/components/models/test-connect-panel";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Form } from "@/components/ui/form";
import type { Finding } from "@/lib/aliases/checks";
import type { Mode } from "@/lib/catalog/modes";
import type { TestConnectResult } from "@/lib/models/test-connect";
import { checkDraftCandidateAction, modelHintsAction, saveWizardModelAction, validateDraftStepAction } from "@/lib/models/wizard-actions";
import type {
  FlowDescriptor,
  ModelDefaults,
  ModelSuggestionOption,
  SavedWizardModel,
  WizardCatalog,
  WizardValidationStep,
} from "@/lib/models/wizard-service";
import type { ActionError, ActionResult } from "@/lib/safe-action";

import { ConnectionStep } from "./connection-step";
import { WarningsContext } from "./fields";
import { FindingsList } from "./findings-list";
import { LimitsStep } from "./limits-step";
import { ModelStep } from "./model-step";
import { ProviderStep } from "./provider-step";
import { ReviewStep } from "./review-step";
import { serverResolver, type FieldWarning } from "./server-resolver";
import { WizardStepper } from "./stepper";
import { SuccessView } from "./success-view";
import {
  currentRefusal,
  draftKeyOf,
  emptyValues,
  STEP_FIELDS,
  STEPS,
  stepOfField,
  toDraftInput,
  type SaveRefusal,
  type StepId,
  type WizardPrefill,
  type WizardValues,
} from "./types";

const indexOf = (id: StepId) => STEPS.findIndex((s) => s.id === id);

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The guided Add Model wizard: one form across six steps, validated on the server with the save action's schema. */
export function AddModelWizard({ catalog, prefill }: { catalog: WizardCatalog; prefill: WizardPrefill }) {
  const stepRef = React.useRef<WizardValidationStep>("provider");
  const [warnings, setWarnings] = React.useState<FieldWarning[]>([]);
  // The resolver reads the current step when RHF validates (on Next), never during render.
  // eslint-disable-next-line react-hooks/refs, react-hooks/preserve-manual-memoization
  const resolver = React.useMemo(() => serverResolver(() => stepRef.current, setWarnings), []);
  const form = useForm<WizardValues>({ defaultValues: emptyValues(prefill), resolver, mode: "onSubmit", reValidateMode: "onSubmit" });

  const [step, setStep] = React.useState<StepId>("provider");
  const [reached, setReached] = React.useState(0);
  const [busy, setBusy] = React.useState(false);
  const [suggestions, setSuggestions] = React.useState<ModelSuggestionOption[]>([]);
  const [defaults, setDefaults] = React.useState<ModelDefaults | undefined>();
  const [findings, setFindings] = React.useState<Finding[]>([]);
  const [checking, setChecking] = React.useState(false);
  const [tested, setTested] = React.useState<TestConnectResult | null>(null);
  const [saveRefusal, setSaveRefusal] = React.useState<SaveRefusal | null>(null);
  const [confirm, setConfirm] = React.useState<Finding[] | null>(null);
  const [saved, setSaved] = React.useState<SavedWizardModel | null>(null);
  const modeTouched = React.useRef(Boolean(prefill.mode));
  const headingRef = React.useRef<HTMLHeadingElement>(null);

  const flowId = useWatch({ control: form.control, name: "providerFlowId" });
  // Re-render on every input change, so a save refusal for an earlier draft disappears as soon as the draft changes.
  useWatch({ control: form.control });
  const flow = catalog.flows.find((f) => f.id === flowId);

  // ---- navigation ----

  async function validateStep(id: StepId): Promise<boolean> {
    const fields = STEP_FIELDS[id];
    if (fields.length === 0) return true;
    stepRef.current = id as WizardValidationStep;
    setBusy(true);
    try {
      return await form.trigger(fields);
    } finally {
      setBusy(false);
    }
  }

  async function goTo(target: StepId) {
    const from = indexOf(step);
    const to = indexOf(target);
    if (to <= from) {
      setStep(target);
      return;
    }
    for (let i = from; i < to; i++) {
      const id = STEPS[i]!.id;
      if (!(await validateStep(id))) {
        setStep(id);
        return;
      }
    }
    setStep(target);
    setReached((r) => Math.max(r, to));
  }

  // Move focus to the new step's heading (not on first load), so screen readers hear where they are.
  const firstRender = React.useRef(true);
  React.useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  function applyFieldErrors(fieldErrors: Record<string, string[]>) {
    const paths = Object.keys(fieldErrors).filter((p) => p !== "_form");
    for (const path of paths) form.setError(path as FieldPath<WizardValues>, { type: "server", message: fieldErrors[path]![0] });
    const target = paths.map(stepOfField).find(Boolean);
    if (target) setStep(target);
  }

  // ---- provider choice, cost-map hints, live alias checks ----

  function onChooseProvider(chosen: FlowDescriptor) {
    for (const field of chosen.fields) {
      const name = `params.${field.key}` as const;
      if (field.default && !form.getValues(name)) form.setValue(name, field.default);
    }
    setDefaults(undefined);
    modelHintsAction({ providerFlowId: chosen.id }).then((res) => setSuggestions(res.ok ? res.data.suggestions : []));
  }

  const upstreamModel = useDebounced(useWatch({ control: form.control, name: "upstreamModel" }), 500);
  const baseModel = useWatch({ control: form.control, name: "params.base_model" });
  React.useEffect(() => {
    if (!flowId || !upstreamModel.trim()) return;
    let live = true;
    const mode = form.getValues("mode");
    modelHintsAction({
      providerFlowId: flowId,
      upstreamModel,
      ...(mode ? { mode } : {}),
      ...(baseModel ? { baseModel } : {}),
    }).then((res) => {
      if (!live || !res.ok) return;
      const d = res.data.defaults;
      setDefaults(d);
      if (!d) return;
      if (d.mode && !modeTouched.current) form.setValue("mode", d.mode);
      const effectiveMode = form.getValues("mode");
      if (effectiveMode === "embedding" && d.outputVectorSize && !form.getValues("outputVectorSize")) {
        form.setValue("outputVectorSize", String(d.outputVectorSize));
      }
      if (d.inputCostPerToken !== undefined && !form.getValues("pricing.inputCostPerToken")) {
        form.setValue("pricing.inputCostPerToken", String(d.inputCostPerToken));
      }
      if (d.outputCostPerToken !== undefined && !form.getValues("pricing.outputCostPerToken")) {
        form.setValue("pricing.outputCostPerToken", String(d.outputCostPerToken));
      }
    });
    return () => {
      live = false;
    };
  }, [flowId, upstreamModel, baseModel, form]);

  const [alias, mode, outputVectorSize, dimensions, teamId, typedModel] = useWatch({
    control: form.control,
    name: ["alias", "mode", "outputVectorSize", "dimensions", "teamId", "upstreamModel"],
  });
  // `round` changes on "Add another model": findings from before the reset never count as current for the same inputs.
  const [round, setRound] = React.useState(0);
  const liveKey = JSON.stringify([round, alias, mode, outputVectorSize, dimensions, teamId, flowId, typedModel]);
  const checkKey = useDebounced(liveKey, 400);
  // The inputs the findings on screen answer: "current" only once the check for exactly these inputs came back.
  const [checkedKey, setCheckedKey] = React.useState<string | null>(null);
  React.useEffect(() => {
    const values = form.getValues();
    if (!values.alias.trim() || !values.mode) {
      // Nothing to check yet: clear the previous draft's findings.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setFindings([]);
      setCheckedKey(checkKey);
      return;
    }
    let live = true;
    setChecking(true);
    checkDraftCandidateAction({ values: toDraftInput(values) }).then((res) => {
      if (!live) return;
      setChecking(false);
      setFindings(res.ok ? res.data : []);
      setCheckedKey(checkKey);
    });
    return () => {
      live = false;
    };
  }, [checkKey, form]);

  // Advice (not errors) for the connection fields while the operator types, e.g. "usually ends in /v1".
  const paramsKey = useDebounced(JSON.stringify(useWatch({ control: form.control, name: "params" })), 600);
  React.useEffect(() => {
    if (step !== "connection" || !flowId) return;
    let live = true;
    validateDraftStepAction({ step: "connection", values: toDraftInput(form.getValues()) }).then((res) => {
      if (live && res.ok) setWarnings(res.data.warnings);
    });
    return () => {
      live = false;
    };
  }, [paramsKey, step, flowId, form]);

  // ---- Test Connect ----

  const runTest = React.useCallback(
    async (signal: AbortSignal): Promise<ActionResult<TestConnectResult>> => {
      const res = await fetch("/models/new/test-connect", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ draft: toDraftInput(form.getValues()) }),
        signal,
      });
      if (!res.headers.get("content-type")?.includes("application/json")) {
        return { ok: false, error: { code: "internal", message: `Test Connect failed (HTTP ${res.status}).` } };
      }
      return (await res.json()) as ActionResult<TestConnectResult>;
    },
    [form],
  );

  function onTestRefused(error: ActionError) {
    if (error.fieldErrors) applyFieldErrors(error.fieldErrors);
  }

  // ---- save ----

  async function save(confirmedGroupJoin = false) {
    setSaveRefusal(null);
    stepRef.current = "review";
    setBusy(true);
    try {
      if (!(await form.trigger())) {
        const first = Object.keys(form.formState.errors)[0];
        const target = first ? stepOfField(first) : undefined;
        if (target) setStep(target);
        toast.error("Some fields need attention.");
        return;
      }
      const submitted = form.getValues();
      const res = await saveWizardModelAction({
        draft: toDraftInput(submitted),
        confirmedGroupJoin,
        // The server records it as the deployment's health only if it proves a test of exactly this draft.
        ...(tested?.receipt ? { testReceipt: tested.receipt } : {}),
      });
      if (res.ok) {
        setConfirm(null);
        setSaved(res.data);
        toast.success(`Saved ${res.data.alias}`);
        return;
      }
      const details = res.error.details as { findings?: Finding[] } | undefined;
      if (res.error.code === "needs_confirmation") {
        setConfirm(details?.findings ?? []);
        return;
      }
      setConfirm(null);
      toast.error(res.error.message);
      if (details?.findings) {
        setSaveRefusal({ message: res.error.message, findings: details.findings, draftKey: draftKeyOf(submitted) });
        for (const [path, messages] of Object.entries(res.error.fieldErrors ?? {})) {
          form.setError(path as FieldPath<WizardValues>, { type: "server", message: messages[0] });
        }
      } else if (res.error.fieldErrors && Object.keys(res.error.fieldErrors).length > 0) {
        applyFieldErrors(res.error.fieldErrors);
      } else {
        setSaveRefusal({ message: res.error.message, findings: null, draftKey: draftKeyOf(submitted) });
      }
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    form.reset(emptyValues());
    setRound((r) => r + 1);
    modeTouched.current = false;
    setSaved(null);
    setTested(null);
    setFindings([]);
    setDefaults(undefined);
    setSaveRefusal(null);
    setReached(0);
    setStep("provider");
  }

  if (saved) return <SuccessView saved={saved} onAddAnother={reset} />;

  const current = STEPS[indexOf(step)]!;
  const next = STEPS[indexOf(step) + 1];
  const rootError = form.formState.errors.root?.message;
  // A refusal describes the draft that was submitted; once an input changes it no longer applies.
  const refusal = currentRefusal(saveRefusal, form.getValues());

  return (
    <div className="grid gap-6">
      <WizardStepper current={step} reached={reached} onSelect={(s) => void goTo(s)} />
      {catalog.notices.length > 0 ? (
        <Alert variant="warning">
          <AlertDescription>
            {catalog.notices.map((n) => (
              <p key={n}>{n}</p>
            ))}
          </AlertDescription>
        </Alert>
      ) : null}
      {prefill.alias ? (
        <p className="text-sm text-muted-foreground">
          Registering <code>{prefill.alias}</code>
          {prefill.mode ? ` as ${prefill.mode}` : ""}
          {prefill.dimension ? ` with ${prefill.dimension} dimensions` : ""}, as a consumer expects it.
        </p>
      ) : null}
      <Form {...form}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (busy) return;
            if (step === "review") void save();
            else if (next) void goTo(next.id);
          }}
        >
          <Card>
            <CardHeader>
              <CardTitle>
                <h2 ref={headingRef} tabIndex={-1} className="outline-none">
                  {current.title}
                </h2>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-6">
              <WarningsContext.Provider value={warnings}>
                {step === "provider" ? <ProviderStep flows={catalog.flows} providerSource={catalog.providerSource} onChoose={onChooseProvider} /> : null}
                {step === "model" && flow ? (
                  <ModelStep
                    flow={flow}
                    suggestions={suggestions}
                    defaults={defaults}
                    findings={findings}
                    checking={checking}
                    checkedCurrent={checkedKey === liveKey}
                    onModeChosen={(m: Mode) => {
                      modeTouched.current = true;
                      form.setValue("mode", m);
                    }}
                  />
                ) : null}
                {step === "connection" && flow ? <ConnectionStep flow={flow} credentials={catalog.credentials} /> : null}
                {step === "limits" ? <LimitsStep teams={catalog.teams} /> : null}
                {step === "test" ? (
                  <div className="grid gap-3">
                    <p className="text-sm text-muted-foreground">
                      LiteLLM calls the provider once with these settings, as {/^[aeiou]/.test(form.getValues("mode") || "chat") ? "an" : "a"}{" "}
                      {form.getValues("mode") || "chat"} request. Nothing is saved. Values
                      written as os.environ/NAME cannot be tested from here.
                    </p>
                    <TestConnectPanel run={runTest} timeoutSeconds={catalog.testTimeoutSeconds} onRefused={onTestRefused} onResult={setTested} />
                  </div>
                ) : null}
                {step === "review" ? <ReviewStep findings={findings} tested={tested?.status === "success"} /> : null}
              </WarningsContext.Provider>
              {rootError ? (
                <Alert variant="destructive">
                  <AlertDescription>{rootError}</AlertDescription>
                </Alert>
              ) : null}
              {step === "review" && refusal ? (
                <Alert variant="destructive" data-testid="save-refused">
                  <AlertTitle>Not saved</AlertTitle>
                  <AlertDescription>
                    <p>{refusal.message}</p>
                    {refusal.findings ? <FindingsList findings={refusal.findings} testId="save-findings" /> : null}
                  </AlertDescription>
                </Alert>
              ) : null}
              <div className="flex flex-wrap items-center justify-between gap-2 border-t pt-4">
                <Button type="button" variant="outline" disabled={step === "provider" || busy} onClick={() => void goTo(STEPS[indexOf(step) - 1]!.id)}>
                  Back
                </Button>
                {step === "review" ? (
                  <Button type="submit" disabled={busy}>
                    {busy ? "Saving…" : "Save model"}
                  </Button>
                ) : (
                  <Button type="submit" disabled={busy}>
                    {busy ? "Checking…" : `Next: ${next?.title}`}
                  </Button>
                )}
              </div>
            </CardContent>
          </Card>
        </form>
      </Form>

      <AlertDialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Add to the load-balancing group?</AlertDialogTitle>
            <AlertDialogDescription>
              Deployments with the same public alias form one group: LiteLLM spreads requests for it across all of them.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <FindingsList findings={confirm ?? []} testId="confirm-findings" />
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={(e) => {
                e.preventDefault();
                void save(true);
              }}
              disabled={busy}
            >
              Add to the group and save
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
