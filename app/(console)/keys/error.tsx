"use client";

/*
 * The keys pages' error boundary, and the one client module of their first load: the pages import `KeysIsland` from
 * here (not from components/keys), so the boundary and the pages share one tiny client chunk instead of shipping the
 * island twice. The error state itself (title, message, error id, retry) loads with the lazy module.
 */
export { KeysError as default, KeysIsland } from "@/components/keys/keys-island";
