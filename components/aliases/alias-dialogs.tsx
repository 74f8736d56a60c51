"use client";

import type { ReactNode } from "react";
import type { ConsumerAliasRecord } from "@/lib/aliases/service";
import { AliasFormDialog } from "./alias-form-dialog";
import { DeleteAliasDialog } from "./delete-alias-dialog";

export type AliasDialogProps =
  | { dialog: "add" }
  | { dialog: "edit"; record: ConsumerAliasRecord }
  | { dialog: "delete"; record: ConsumerAliasRecord; servedRequired: boolean };

/** Loaded on first use of an AliasDialogButton; mounts open with its own Radix trigger. */
export function AliasDialog({
  triggerClassName,
  triggerLabel,
  children,
  ...props
}: AliasDialogProps & { triggerClassName: string; triggerLabel?: string; children: ReactNode }) {
  const trigger = (
    <button type="button" className={triggerClassName} aria-label={triggerLabel} data-slot="button">
      {children}
    </button>
  );
  if (props.dialog === "delete") return <DeleteAliasDialog record={props.record} servedRequired={props.servedRequired} trigger={trigger} />;
  return <AliasFormDialog record={props.dialog === "edit" ? props.record : null} trigger={trigger} />;
}
