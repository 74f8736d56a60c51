"use client";

/*
 * The credentials page's error boundary, and the one client module of its first load: the page imports
 * `CredentialsIsland` from here (not from components/credentials), so the boundary and the page share one tiny client
 * chunk instead of shipping the island twice. The error state itself loads with the lazy module.
 */
export { CredentialsError as default, CredentialsIsland } from "@/components/credentials/credentials-island";
