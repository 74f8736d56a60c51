// A one-chunk stepping stone: the first-load stub names only this chunk, not the dialogs' many shared chunks.
export const load = () => import("./team-dialogs");
