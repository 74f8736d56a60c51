// Fault injection for the LiteLLM sandbox: slow, failing, garbled or dropped responses per route.

export interface FaultRule {
  /** Exact path, path prefix, or "*" for every route (sandbox control routes are never faulted). */
  route: string;
  method?: string;
  latencyMs?: number;
  /** Answer with this status instead of running the handler. */
  status?: number;
  /** Body for `status` (default: text/plain "Internal Server Error" for 5xx — shape D, §1.2). */
  body?: string;
  contentType?: string;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** HTTP 200 with a body that is not valid JSON. */
  garbage?: boolean;
  /** Apply this many times, then disappear. */
  times?: number;
}

export function parseFaultRules(v: unknown): FaultRule[] {
  if (!Array.isArray(v)) throw new Error("faults must be a JSON array of rules");
  return v.map((r, i) => {
    if (!r || typeof r !== "object" || typeof (r as FaultRule).route !== "string") {
      throw new Error(`fault rule #${i} needs a string "route"`);
    }
    return { ...(r as FaultRule) };
  });
}

export class FaultState {
  rules: FaultRule[];

  constructor(rules: FaultRule[] = []) {
    this.rules = rules.map((r) => ({ ...r }));
  }

  replace(rules: FaultRule[]) {
    this.rules = rules.map((r) => ({ ...r }));
  }

  /** First matching rule, consuming one of its `times`. */
  take(method: string, path: string): FaultRule | null {
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i];
      if (r.method && r.method.toUpperCase() !== method.toUpperCase()) continue;
      if (r.route !== "*" && path !== r.route && !path.startsWith(r.route)) continue;
      if (r.times !== undefined) {
        if (r.times <= 0) continue;
        r.times -= 1;
        if (r.times === 0) this.rules.splice(i, 1);
      }
      return r;
    }
    return null;
  }
}
