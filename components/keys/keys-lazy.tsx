"use client";

import * as React from "react";

import type { IssueFormOptions } from "@/lib/keys/service";
import type { KeyView } from "@/lib/keys/view";

// Each part loads on its own, so a page fetches only the code it shows.
const KeysListEnhanced = React.lazy(() => import("./keys-list-enhanced"));
const KeyTimes = React.lazy(() => import("./key-times"));
const KeyActions = React.lazy(() => import("./key-actions"));
const IssueKeyForm = React.lazy(() => import("./issue-key-form").then((module) => ({ default: module.IssueKeyForm })));
const ExtendKeyButton = React.lazy(() => import("./extend-key-card").then((module) => ({ default: module.ExtendKeyButton })));
const ErrorState = React.lazy(() => import("@/components/states/error-state").then((module) => ({ default: module.ErrorState })));

export type KeysLazyProps =
  | { view: "list"; bulk: boolean; stamp: string }
  | { view: "detail"; keyView: KeyView; title: string; canManage: boolean; snippetModel: string; stamp: string }
  | { view: "issue"; options: IssueFormOptions }
  | { view: "extend"; token: string; days: number }
  | { view: "error"; digest?: string; reset: () => void };

/** The interactive parts of the keys pages, loaded by `KeysIsland`. */
export default function KeysLazy(props: KeysLazyProps) {
  switch (props.view) {
    case "list":
      return <KeysListEnhanced bulk={props.bulk} stamp={props.stamp} />;
    case "detail":
      return (
        <>
          <KeyTimes stamp={props.stamp} />
          {props.canManage ? <KeyActions keyView={props.keyView} title={props.title} snippetModel={props.snippetModel} /> : null}
        </>
      );
    case "issue":
      return <IssueKeyForm options={props.options} />;
    case "extend":
      return <ExtendKeyButton token={props.token} days={props.days} />;
    case "error":
      // LiteLLM unreachable or answering nonsense: say so, with the error id the server logged.
      return (
        <ErrorState
          title="Could not load virtual keys"
          message="Gatehouse could not read the keys from LiteLLM. Check the connection status in the header, then try again."
          errorId={props.digest}
          retry={props.reset}
        />
      );
  }
}
