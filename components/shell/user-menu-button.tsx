"use client";

import * as React from "react";

import { deferredModule, useDeferredPopup } from "@/components/shell/deferred";
import type { ShellUser } from "@/components/shell/types";

const loadUserMenu = deferredModule(() => import("@/components/shell/user-menu-content"));

export function UserMenuButton({
  user,
  signOutAction,
  className,
  children,
}: {
  user: ShellUser;
  signOutAction: () => Promise<void>;
  className: string;
  children: React.ReactNode;
}) {
  // The form lives outside the menu: the menu unmounts on select, which would cancel a submit from inside it.
  const signOutForm = React.useRef<HTMLFormElement>(null);
  const signOut = React.useCallback(() => signOutForm.current?.requestSubmit(), []);
  const { loaded, openedBy, triggerProps } = useDeferredPopup(loadUserMenu, "menu");
  return (
    <>
      <form ref={signOutForm} action={signOutAction} hidden />
      {loaded && openedBy ? (
        <loaded.UserMenuContent user={user} onSignOut={signOut} triggerClassName={className} openedBy={openedBy}>
          {children}
        </loaded.UserMenuContent>
      ) : (
        <button type="button" className={className} data-slot="button" data-testid="user-menu" {...triggerProps}>
          {children}
        </button>
      )}
    </>
  );
}
