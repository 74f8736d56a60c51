import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "./field";
import { NativeSelect } from "@/components/models/native-select";
import { GROUP_BY, GROUP_LABELS, type UsageQuery } from "@/lib/usage/schemas";
import type { FieldErrors } from "@/lib/usage/schemas";

const RANGE_LABELS = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", custom: "Custom dates" } as const;


/**
 * The usage filters: a plain GET form, so every filter lives in the URL and works without JavaScript. Values that
 * failed validation are shown back as typed, with the field's error.
 */
export function UsageFilters({
  query,
  raw,
  errors,
  canGroupByUserOrTag,
}: {
  query: UsageQuery;
  raw: Record<string, string>;
  errors: FieldErrors;
  canGroupByUserOrTag: boolean;
}) {
  const v = (k: string, fallback?: string) => raw[k] ?? fallback ?? "";
  const err = (k: string) => errors[k];
  const aria = (k: string) => (errors[k] ? { "aria-invalid": true, "aria-describedby": `usage-${k}-error` } : {});
  return (
    <form method="get" action="/usage" className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Usage filters">
      {query.tz ? <input type="hidden" name="tz" value={query.tz} /> : null}
      {raw.key ? <input type="hidden" name="key" value={raw.key} /> : null}
      <Field id="usage-range" label="Range" error={err("range")}>
        <NativeSelect id="usage-range" name="range" defaultValue={v("range", query.range)} {...aria("range")}>
          {Object.entries(RANGE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="usage-from" label="From (custom)" error={err("from")}>
        <Input id="usage-from" name="from" type="date" defaultValue={v("from")} {...aria("from")} />
      </Field>
      <Field id="usage-to" label="To (custom)" error={err("to")}>
        <Input id="usage-to" name="to" type="date" defaultValue={v("to")} {...aria("to")} />
      </Field>
      <Field id="usage-groupBy" label="Group by" error={err("groupBy")}>
        <NativeSelect id="usage-groupBy" name="groupBy" defaultValue={v("groupBy", query.groupBy)} {...aria("groupBy")}>
          {GROUP_BY.filter((g) => canGroupByUserOrTag || (g !== "user" && g !== "tag")).map((g) => (
            <option key={g} value={g}>
              {GROUP_LABELS[g]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="usage-team" label="Team (id)" error={err("team")}>
        <Input id="usage-team" name="team" defaultValue={v("team")} maxLength={256} {...aria("team")} />
      </Field>
      <Field id="usage-model" label="Model" error={err("model")}>
        <Input id="usage-model" name="model" defaultValue={v("model")} maxLength={256} {...aria("model")} />
      </Field>
      {canGroupByUserOrTag ? (
        <>
          <Field id="usage-user" label="User (id)" error={err("user")}>
            <Input id="usage-user" name="user" defaultValue={v("user")} maxLength={256} {...aria("user")} />
          </Field>
          <Field id="usage-tag" label="Tag" error={err("tag")}>
            <Input id="usage-tag" name="tag" defaultValue={v("tag")} maxLength={128} {...aria("tag")} />
          </Field>
        </>
      ) : null}
      <Field id="usage-top" label="Top rows" error={err("top")}>
        <Input id="usage-top" name="top" type="number" min={1} max={100} defaultValue={v("top", String(query.top))} {...aria("top")} />
      </Field>
      {err("key") ? <p className="text-xs text-destructive sm:col-span-2">Key: {err("key")!.join(" ")}</p> : null}
      {err("tz") ? <p className="text-xs text-destructive sm:col-span-2">Time zone: {err("tz")!.join(" ")}</p> : null}
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
        <Button type="submit">Apply</Button>
        <Button type="reset" variant="ghost" asChild>
          <a href={query.tz ? `/usage?tz=${encodeURIComponent(query.tz)}` : "/usage"}>Reset</a>
        </Button>
      </div>
    </form>
  );
}
