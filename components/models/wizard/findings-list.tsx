import { Badge } from "@/components/ui/badge";
import type { Finding } from "@/lib/aliases/checks";

const LABELS: Record<Finding["severity"], { text: string; variant: "destructive" | "warning" | "secondary" }> = {
  block: { text: "Blocks saving", variant: "destructive" },
  confirm: { text: "Needs confirmation", variant: "warning" },
  warn: { text: "Advice", variant: "secondary" },
};

/** Alias-rule findings: what is wrong and the next step, most severe first. */
export function FindingsList({ findings, testId = "alias-findings" }: { findings: Finding[]; testId?: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="grid gap-2" data-testid={testId}>
      {findings.map((f, i) => (
        <li key={`${f.rule}-${i}`} className="grid gap-1 rounded-md border p-3 text-sm" data-severity={f.severity}>
          <span>
            <Badge variant={LABELS[f.severity].variant}>{LABELS[f.severity].text}</Badge> {f.message}
          </span>
          <span className="text-muted-foreground">{f.fix}</span>
        </li>
      ))}
    </ul>
  );
}
