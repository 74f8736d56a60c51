// Sandbox catchers: an SMTP server and a webhook receiver that keep what they receive, so a newcomer (and the e2e
// suite) can see the whole notification path. GET /messages answers JSON; GET / shows the same as a small page.
import http from "node:http";
import net from "node:net";

export interface CaughtWebhook {
  id: number;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  raw: string;
  receivedAt: string;
}

export interface CaughtEmail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
  receivedAt: string;
}

export interface Catchers {
  httpUrl: string;
  smtpPort: number;
  webhooks: CaughtWebhook[];
  emails: CaughtEmail[];
  close(): Promise<void>;
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** Subject, From, To and the text body of a simple (non-multipart) message as nodemailer writes it. */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  let subject = headers.get("subject") ?? "";
  subject = subject.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
  );
  const cte = (headers.get("content-transfer-encoding") ?? "").toLowerCase();
  const text = cte === "quoted-printable" ? decodeQuotedPrintable(body) : cte === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
  return { subject: subject.replace(/\s+/g, " ").trim(), text: text.trim() };
}

export async function startCatchers(options: { httpPort: number; smtpPort: number; host?: string }): Promise<Catchers> {
  const host = options.host ?? "127.0.0.1";
  const webhooks: CaughtWebhook[] = [];
  const emails: CaughtEmail[] = [];
  let nextId = 1;

  const httpServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://catcher");
    if (req.method === "GET" && url.pathname === "/messages") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ webhooks, emails }, null, 2));
      return;
    }
    if (req.method === "DELETE" && url.pathname === "/messages") {
      webhooks.length = 0;
      emails.length = 0;
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" && url.pathname === "/") {
      const items = [
        ...webhooks.map((w) => `<li><b>webhook</b> ${escapeHtml(w.path)} at ${w.receivedAt}<pre>${escapeHtml(JSON.stringify(w.body, null, 2))}</pre></li>`),
        ...emails.map((m) => `<li><b>e-mail</b> to ${escapeHtml(m.to.join(", "))}: ${escapeHtml(m.subject)}<pre>${escapeHtml(m.text)}</pre></li>`),
      ];
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Sandbox catchers</title><h1>Sandbox catchers</h1><p>JSON: <a href="/messages">/messages</a></p><ul>${items.join("") || "<li>Nothing received yet.</li>"}</ul>`);
      return;
    }
    if (req.method === "POST" && url.pathname.startsWith("/hook/")) {
      // /hook/slow never answers in time and /hook/fail answers 500: the notifier's timeout and retry paths.
      if (url.pathname.startsWith("/hook/slow")) {
        setTimeout(() => res.writeHead(200).end(), 120_000).unref();
        return;
      }
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (raw += c));
      req.on("end", () => {
        if (url.pathname.startsWith("/hook/fail")) {
          res.writeHead(500).end("failing on purpose");
          return;
        }
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          /* keep the text */
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
        webhooks.push({ id: nextId++, path: url.pathname, headers, body, raw, receivedAt: new Date().toISOString() });
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
      return;
    }
    res.writeHead(404).end();
  });

  const smtpServer = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let data = "";
    let from = "";
    let to: string[] = [];
    let authStep: "user" | "pass" | null = null;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 gatehouse-sandbox-catcher ESMTP");
    socket.on("error", () => undefined);
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          const raw = data.replace(/^\.\./gm, ".");
          const parsed = parseMessage(raw);
          emails.push({ id: nextId++, from, to, subject: parsed.subject, text: parsed.text, raw, receivedAt: new Date().toISOString() });
          data = "";
          reply("250 OK: queued");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (authStep === "user") {
          authStep = "pass";
          reply("334 UGFzc3dvcmQ6");
          continue;
        }
        if (authStep === "pass") {
          authStep = null;
          reply("235 Authentication successful");
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply("250-gatehouse-sandbox-catcher\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
        else if (verb === "HELO") reply("250 gatehouse-sandbox-catcher");
        else if (verb === "AUTH") {
          if (/^AUTH LOGIN/i.test(line)) {
            authStep = "user";
            reply("334 VXNlcm5hbWU6");
          } else reply("235 Authentication successful");
        } else if (verb === "MAIL") {
          from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          to = [];
          reply("250 OK");
        } else if (verb === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
          return;
        } else reply("250 OK");
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.httpPort, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    smtpServer.once("error", reject);
    smtpServer.listen(options.smtpPort, host, () => resolve());
  });
  const httpPort = (httpServer.address() as net.AddressInfo).port;
  const smtpPort = (smtpServer.address() as net.AddressInfo).port;
  return {
    httpUrl: `http://${host}:${httpPort}`,
    smtpPort,
    webhooks,
    emails,
    close: async () => {
      httpServer.closeAllConnections();
      await Promise.all([new Promise((r) => httpServer.close(r)), new Promise((r) => smtpServer.close(r))]);
    },
  };
}
