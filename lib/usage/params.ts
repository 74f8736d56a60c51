/** Next's searchParams → one string per name (the first value), for forms that echo what was typed. */
export function flatParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === "string") out[k] = s.slice(0, 1000);
  }
  return out;
}
