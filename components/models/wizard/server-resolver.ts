import type { FieldErrors, Resolver } from "react-hook-form";

import type { WizardValidationStep } from "@/lib/models/wizard-service";
import { validateDraftStepAction } from "@/lib/models/wizard-actions";

import { toDraftInput, type WizardValues } from "./types";

export interface FieldWarning {
  path: string;
  message: string;
}

/** { "params.api_base": ["…"] } → react-hook-form's nested error object. */
export function toFieldErrors(fieldErrors: Record<string, string[]>): FieldErrors<WizardValues> {
  const out: Record<string, unknown> = {};
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const message = messages[0] ?? "Check this field";
    if (path === "_form") {
      out.root = { type: "server", message };
      continue;
    }
    const parts = path.split(".");
    let node = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        if (!node[part]) node[part] = { type: "server", message };
      } else {
        const next = (node[part] ??= {}) as Record<string, unknown>;
        node = next;
      }
    });
  }
  return out as FieldErrors<WizardValues>;
}

/**
 * Validation runs on the server with the same zod schema the save action uses (the schema pulls in the
 * provider snapshot, which must stay out of the browser bundle). `step()` says which step's schema applies.
 */
export function serverResolver(step: () => WizardValidationStep, onWarnings: (w: FieldWarning[]) => void): Resolver<WizardValues> {
  return async (values) => {
    const res = await validateDraftStepAction({ step: step(), values: toDraftInput(values) });
    if (!res.ok) {
      if (res.error.fieldErrors) return { values: {}, errors: toFieldErrors(res.error.fieldErrors) };
      return { values: {}, errors: { root: { type: "server", message: res.error.message } } as FieldErrors<WizardValues> };
    }
    onWarnings(res.data.warnings);
    const errors = toFieldErrors(res.data.fieldErrors);
    return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
  };
}
