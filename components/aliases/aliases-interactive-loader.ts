// A one-chunk stepping stone: the first-load stub names only this chunk, not the interactive layer's shared chunks.
export const load = () => import("./aliases-interactive");
