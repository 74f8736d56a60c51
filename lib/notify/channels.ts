import "server-only";

import nodemailer from "nodemailer";

import { checkApiBase, type Lookup, type SsrfPolicy } from "@/lib/net/ssrf";
import { redact } from "@/lib/redact";

import type { ChannelKind } from "./schemas";
import { signWebhook } from "./signature";

/** Non-secret channel settings, as stored and shown. */
export interface ChannelConfig {
  /** Webhook/Slack: the host only (the URL may carry a token). */
  host?: string;
  smtpHost?: string;
  smtpPort?: number;
  smtpSecure?: boolean;
  smtpUser?: string;
  from?: string;
  /** Fixed recipients added to every e-mail of this channel. */
  recipients?: string[];
}

/** Write-only: sealed in the database, opened only to deliver. */
export interface ChannelSecret {
  url?: string;
  signingSecret?: string;
  smtpPassword?: string;
}

export interface OutgoingMessage {
  subject: string;
  text: string;
  /** The JSON body of a webhook (event, subject, facts, link). */
  payload: Record<string, unknown>;
  /** E-mail recipients (owner, team admins, the channel's own). */
  recipients: string[];
  /** Addresses LiteLLM holds for the owner or the team's admins that are not e-mail addresses (left out). */
  malformedRecipients?: string[];
}

export interface SendOptions {
  timeoutMs: number;
  ssrf: SsrfPolicy;
  lookup?: Lookup;
  now?: () => Date;
}

/** A delivery failure whose message is safe to store and show: no URL path, no token, no password. */
export class DeliveryError extends Error {}

function describeFailure(error: unknown, where: string, timeoutMs: number): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || e?.code === "ETIMEDOUT" || e?.code === "ETIMEOUT")
    return new DeliveryError(`${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  const code = e?.cause?.code ?? e?.code;
  if (code === "ECONNREFUSED") return new DeliveryError(`${where} refused the connection.`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new DeliveryError(`${where} could not be resolved.`);
  if (code) return new DeliveryError(`${where}: ${code}.`);
  return new DeliveryError(`${where}: ${redact(String(e?.message ?? error)).slice(0, 200)}`);
}

async function postJson(url: string, body: string, headers: Record<string, string>, options: SendOptions) {
  const verdict = await checkApiBase(url, options.ssrf, options.lookup);
  if (!verdict.ok) throw new DeliveryError(`Refused by the address guard: ${verdict.reason}`);
  // Only the normalised URL that was checked leaves the console; redirects are not followed to unchecked places.
  const target = verdict.url;
  const where = target.host;
  let res: Response;
  try {
    res = await fetch(target.toString(), {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Gatehouse-Notifier", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw describeFailure(error, where, options.timeoutMs);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 300 && res.status < 400) throw new DeliveryError(`${where} answered with a redirect (HTTP ${res.status}); Gatehouse does not follow it.`);
  if (!res.ok) throw new DeliveryError(`${where} answered HTTP ${res.status}.`);
}

/** Sends one message through one channel, or throws a DeliveryError with a storable reason. */
export async function sendThroughChannel(
  channel: { kind: ChannelKind; config: ChannelConfig; secret: ChannelSecret },
  message: OutgoingMessage,
  options: SendOptions,
): Promise<void> {
  const now = options.now?.() ?? new Date();
  if (channel.kind === "webhook") {
    if (!channel.secret.url || !channel.secret.signingSecret) throw new DeliveryError("This webhook has no URL or signing secret stored.");
    const body = JSON.stringify(message.payload);
    const signature = signWebhook(body, channel.secret.signingSecret, Math.floor(now.getTime() / 1000));
    return postJson(channel.secret.url, body, { "x-gatehouse-signature": signature }, options);
  }
  if (channel.kind === "slack") {
    if (!channel.secret.url) throw new DeliveryError("This Slack webhook has no URL stored.");
    return postJson(channel.secret.url, JSON.stringify({ text: `*${message.subject}*\n${message.text}` }), {}, options);
  }
  const to = [...new Set([...message.recipients, ...(channel.config.recipients ?? [])])];
  if (to.length === 0) {
    const bad = message.malformedRecipients ?? [];
    throw new DeliveryError(
      bad.length
        ? `No recipient: LiteLLM's address for the key's owner or the team's admins is not an e-mail address (${bad.map((b) => `"${b}"`).join(", ")}), and the channel lists none.`
        : "No recipient: the key's owner and the team's admins have no e-mail address in LiteLLM, and the channel lists none.",
    );
  }
  const where = `${channel.config.smtpHost}:${channel.config.smtpPort}`;
  const transport = nodemailer.createTransport({
    host: channel.config.smtpHost,
    port: channel.config.smtpPort,
    secure: channel.config.smtpSecure === true,
    auth: channel.config.smtpUser ? { user: channel.config.smtpUser, pass: channel.secret.smtpPassword ?? "" } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    await Promise.race([
      transport.sendMail({ from: channel.config.from, to, subject: message.subject, text: message.text }),
      new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), options.timeoutMs + 1000).unref()),
    ]);
  } catch (error) {
    throw describeFailure(error, where, options.timeoutMs);
  } finally {
    transport.close();
  }
}
