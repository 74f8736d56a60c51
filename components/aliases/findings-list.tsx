import { Badge } from "@/components/ui/badge";
import type { Finding, Severity } from "@/lib/aliases/checks";

const SEVERITY: Record<Severity, { label: string; variant: "destructive" | "warning" | "secondary" }> = {
  block: { label: "Blocks", variant: "destructive" },
  confirm: { label: "Confirm", variant: "warning" },
  warn: { label: "Warning", variant: "secondary" },
};

/** Alias-check findings: severity, what is wrong, and the suggested fix. */
export function FindingsList({ findings, title }: { findings: Finding[]; title?: string }) {
  if (findings.length === 0) return null;
  return (
    <div className="grid gap-2" data-testid="alias-findings">
      {title ? <h3 className="text-sm font-medium">{title}</h3> : null}
      <ul className="grid gap-2">
        {findings.map((f, i) => (
          <li key={`${f.rule}-${f.alias}-${i}`} className="grid gap-1 rounded-md border p-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Badge variant={SEVERITY[f.severity].variant}>{SEVERITY[f.severity].label}</Badge>
              <span>{f.message}</span>
            </div>
            <p className="text-muted-foreground">{f.fix}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
