import { z } from "zod";

/** What a rule watches, and what its threshold counts. */
export const NOTIFY_EVENTS = ["key_expiring", "key_budget", "team_budget", "deployment_unhealthy", "litellm_unreachable", "alias_problem"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export const EVENT_INFO: Record<NotifyEvent, { label: string; unit: "days" | "%" | "minutes"; defaults: number[]; teamScoped: boolean }> = {
  key_expiring: { label: "Key expires within", unit: "days", defaults: [14, 7, 1], teamScoped: true },
  key_budget: { label: "Key budget reaches", unit: "%", defaults: [80, 100], teamScoped: true },
  team_budget: { label: "Team budget reaches", unit: "%", defaults: [80, 100], teamScoped: true },
  deployment_unhealthy: { label: "Deployment failing health for", unit: "minutes", defaults: [10], teamScoped: false },
  litellm_unreachable: { label: "LiteLLM unreachable for", unit: "minutes", defaults: [5], teamScoped: false },
  alias_problem: { label: "Required consumer alias missing or mismatched for", unit: "minutes", defaults: [0], teamScoped: false },
};

export const CHANNEL_KINDS = ["webhook", "slack", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const CONTROL = /[\u0000-\u001f\u007f]/;

const nameSchema = z
  .string()
  .trim()
  .min(1, "Give it a name.")
  .max(80, "At most 80 characters.")
  .refine((v) => !CONTROL.test(v), "No control characters.");

/** "" = global (admins only); otherwise a team id the caller administers. */
const teamIdSchema = z
  .string()
  .trim()
  .max(128, "At most 128 characters.")
  .refine((v) => !CONTROL.test(v), "No control characters.")
  .default("");

const emailSchema = z.email("Not an e-mail address (name@example.com).").max(254, "At most 254 characters.");

/** The same check for addresses that come from elsewhere (LiteLLM's user e-mail, a team member's). */
export function isEmailAddress(value: string): boolean {
  return emailSchema.safeParse(value).success;
}

/** "a@x.org, b@y.org" → validated list; the first malformed address is named. */
export const recipientsSchema = z
  .string()
  .max(2000, "At most 2000 characters.")
  .default("")
  .superRefine((v, ctx) => {
    const items = v.split(/[,;\s]+/).filter(Boolean);
    if (items.length > 20) ctx.addIssue({ code: "custom", message: "At most 20 recipients." });
    const bad = items.find((a) => !emailSchema.safeParse(a).success);
    if (bad) ctx.addIssue({ code: "custom", message: `"${bad.slice(0, 80)}" is not an e-mail address (name@example.com).` });
  })
  .transform((v) => [...new Set(v.split(/[,;\s]+/).filter(Boolean).map((a) => a.toLowerCase()))]);

/** One flat schema for the channel form (react-hook-form) and the action; fields depend on `kind`. */
export const channelInputSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS, { error: "Pick a channel type." }),
    name: nameSchema,
    teamId: teamIdSchema,
    url: z.string().trim().max(2000, "At most 2000 characters.").default(""),
    signingSecret: z.string().max(200, "At most 200 characters.").default(""),
    smtpHost: z.string().trim().max(253, "At most 253 characters.").default(""),
    smtpPort: z.coerce.number({ error: "A port number, e.g. 587." }).int("A port number, e.g. 587.").min(1, "1 to 65535.").max(65535, "1 to 65535.").default(587),
    smtpSecure: z.boolean().default(false),
    smtpUser: z.string().trim().max(254, "At most 254 characters.").default(""),
    smtpPassword: z.string().max(500, "At most 500 characters.").default(""),
    from: z.string().trim().max(254).default(""),
    recipients: recipientsSchema,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "webhook" || v.kind === "slack") {
      if (!v.url) ctx.addIssue({ code: "custom", path: ["url"], message: "Enter the webhook URL (https://…)." });
      else if (/\s|\\/.test(v.url)) ctx.addIssue({ code: "custom", path: ["url"], message: "A URL has no spaces or backslashes." });
      if (v.kind === "webhook" && v.signingSecret.length < 16)
        ctx.addIssue({ code: "custom", path: ["signingSecret"], message: "At least 16 characters: the receiver checks X-Gatehouse-Signature with it." });
    }
    if (v.kind === "email") {
      if (!/^[A-Za-z0-9.-]+$/.test(v.smtpHost)) ctx.addIssue({ code: "custom", path: ["smtpHost"], message: "Enter the SMTP server's host name, e.g. smtp.example.com." });
      if (!emailSchema.safeParse(v.from).success) ctx.addIssue({ code: "custom", path: ["from"], message: "Not an e-mail address (name@example.com)." });
      if (v.smtpPassword && !v.smtpUser) ctx.addIssue({ code: "custom", path: ["smtpUser"], message: "A password needs a user name." });
    }
  });
export type ChannelInput = z.input<typeof channelInputSchema>;
export type ChannelValues = z.output<typeof channelInputSchema>;

export const ruleInputSchema = z
  .object({
    event: z.enum(NOTIFY_EVENTS, { error: "Pick what to watch." }),
    threshold: z.coerce.number({ error: "A whole number." }).int("A whole number.").min(0, "0 or more."),
    teamId: teamIdSchema,
    channelIds: z.array(z.uuid()).min(1, "Pick at least one channel.").max(10, "At most 10 channels."),
  })
  .superRefine((v, ctx) => {
    const info = EVENT_INFO[v.event];
    const max = info.unit === "days" ? 365 : info.unit === "%" ? 1000 : 10_080;
    const min = info.unit === "minutes" ? 0 : 1;
    if (v.threshold < min || v.threshold > max) ctx.addIssue({ code: "custom", path: ["threshold"], message: `${min} to ${max} ${info.unit}.` });
    if (v.teamId && !info.teamScoped) ctx.addIssue({ code: "custom", path: ["teamId"], message: "Only admins watch this, globally." });
  });
export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleValues = z.output<typeof ruleInputSchema>;

export const idSchema = z.object({ id: z.uuid("Not an id.") });
