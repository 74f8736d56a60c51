"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { UsageChartData } from "./usage-chart-data";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--muted-foreground)", "var(--foreground)"];

const axis = { stroke: "var(--muted-foreground)", fontSize: 12 };
const tooltipStyle = { background: "var(--popover)", color: "var(--popover-foreground)", border: "1px solid var(--border)", borderRadius: 8, fontSize: 12 };

/** The usage charts (recharts, loaded lazily). Colours are theme variables, so both themes stay readable. */
export default function UsageCharts({ data }: { data: UsageChartData }) {
  const rows = data.days.map((d) => ({ date: d.date.slice(5), ...d.byGroup, requests: d.requests, failures: d.failures, tokens: d.tokens }));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <figure className="grid gap-2" aria-label={`Daily spend in USD stacked by ${data.groupLabel.toLowerCase()}`}>
        <figcaption className="text-sm font-medium">Daily spend (USD) by {data.groupLabel.toLowerCase()}</figcaption>
        <div className="h-64" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis dataKey="date" tick={axis} stroke="var(--border)" />
              <YAxis tick={axis} stroke="var(--border)" width={56} tickFormatter={(v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2))} />
              <Tooltip contentStyle={tooltipStyle} formatter={(v) => (typeof v === "number" ? `${v.toFixed(4)} USD` : String(v))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {data.series.map((s, i) => (
                <Bar key={s.id} dataKey={s.id} name={s.label} stackId="spend" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="grid gap-2" aria-label="Requests and failures per day">
        <figcaption className="text-sm font-medium">Requests and tokens per day</figcaption>
        <div className="h-64" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis dataKey="date" tick={axis} stroke="var(--border)" />
              <YAxis yAxisId="req" tick={axis} stroke="var(--border)" width={48} allowDecimals={false} />
              <YAxis yAxisId="tok" orientation="right" tick={axis} stroke="var(--border)" width={56} />
              <Tooltip contentStyle={tooltipStyle} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Area yAxisId="req" type="monotone" dataKey="requests" name="Requests" stroke="var(--chart-1)" fill="var(--chart-1)" fillOpacity={0.25} isAnimationActive={false} />
              <Area yAxisId="req" type="monotone" dataKey="failures" name="Failures" stroke="var(--destructive)" fill="var(--destructive)" fillOpacity={0.2} isAnimationActive={false} />
              <Area yAxisId="tok" type="monotone" dataKey="tokens" name="Tokens" stroke="var(--chart-2)" fill="none" isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
