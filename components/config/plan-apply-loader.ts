// A one-chunk stepping stone: the first-load stub names only this chunk, not the planner's shared chunks.
export const load = () => import("./plan-apply");
