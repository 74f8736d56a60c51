"use client";

import type * as React from "react";

import { CreateTeamDialog } from "./create-team-dialog";
import { TeamPolicyDialog, type PolicyDefaults } from "./team-policy-dialog";

export type TeamDialogProps =
  | { dialog: "create"; proxyModels: string[]; modelTotal: number }
  | { dialog: "policy"; teamId: string; teamAlias: string; teamModels: string[]; modelTotal: number; current: PolicyDefaults | null };

/** Loaded on first use of a TeamDialogButton; mounts open with its own Radix trigger. */
export function TeamDialog({
  triggerClassName,
  children,
  ...props
}: TeamDialogProps & { triggerClassName: string; children: React.ReactNode }) {
  if (props.dialog === "create") {
    return (
      <CreateTeamDialog proxyModels={props.proxyModels} modelTotal={props.modelTotal} triggerClassName={triggerClassName}>
        {children}
      </CreateTeamDialog>
    );
  }
  return (
    <TeamPolicyDialog
      teamId={props.teamId}
      teamAlias={props.teamAlias}
      teamModels={props.teamModels}
      modelTotal={props.modelTotal}
      current={props.current}
      triggerClassName={triggerClassName}
    >
      {children}
    </TeamPolicyDialog>
  );
}
