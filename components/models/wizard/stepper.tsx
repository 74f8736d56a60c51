"use client";

import { CheckIcon } from "lucide-react";

import { cn } from "@/lib/utils";

import { STEPS, type StepId } from "./types";

/** The step list: where the operator is, what is done, and a way back to any visited step. */
export function WizardStepper({ current, reached, onSelect }: { current: StepId; reached: number; onSelect: (step: StepId) => void }) {
  const currentIndex = STEPS.findIndex((s) => s.id === current);
  return (
    <nav aria-label="Add model steps">
      <ol className="flex flex-wrap gap-2">
        {STEPS.map((step, index) => {
          const isCurrent = step.id === current;
          const done = index < currentIndex;
          const reachable = index <= reached && !isCurrent;
          return (
            <li key={step.id} aria-current={isCurrent ? "step" : undefined} className="flex items-center">
              <button
                type="button"
                disabled={!reachable}
                onClick={() => onSelect(step.id)}
                className={cn(
                  "flex items-center gap-2 rounded-full border px-3 py-1 text-sm transition-colors",
                  isCurrent && "border-primary bg-primary text-primary-foreground",
                  !isCurrent && reachable && "hover:bg-muted",
                  !isCurrent && !reachable && "text-muted-foreground",
                )}
              >
                <span
                  aria-hidden
                  className={cn("flex size-5 items-center justify-center rounded-full border text-xs", isCurrent && "border-primary-foreground")}
                >
                  {done ? <CheckIcon className="size-3" /> : index + 1}
                </span>
                <span>
                  <span className="sr-only">Step {index + 1}: </span>
                  {step.title}
                  {done ? <span className="sr-only"> (done)</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
