/**
 * E-mail to a helpdesk mailbox over SMTP (nodemailer's SMTP transport). Almost every helpdesk
 * turns mail into tickets, so this is the fallback that works everywhere.
 *
 * One message per escalation:
 * - `Message-ID: <esc-<id>@freebusy-doctor>` is stable across attempts, and
 *   `X-FreeBusy-Doctor-Escalation: <id>` carries the escalation id;
 * - a text body (summary Markdown, description, urgency) and an HTML alternative in which
 *   everything the admin wrote is escaped;
 * - attachments `transcript.md` (text/markdown) and `conversation.transcript` (application/json,
 *   the Bot Framework transcript), base64-encoded so their bytes arrive unchanged.
 *
 * Outcomes:
 * - the server accepted the message (250 after the data) → delivered, key = the Message-ID, no url;
 * - connection refused, DNS failure, connect or greeting timeout, a connection dropped before the
 *   server accepted DATA (no 354 yet), a 4xx reply (421, 450, 451, 452 ...) or 503 → retry;
 * - a 5xx reply (550, 553, 554, 535 ...) → permanent: the server refused this message for good;
 * - the connection dropped or timed out after the server accepted DATA (354) and before it
 *   answered the end of the message → unclear: the message may have been accepted.
 *
 * SMTP cannot be reconciled: there is no way to ask the server whether it took the message, so an
 * unclear attempt is simply sent again. The helpdesk may then receive the same message twice; both
 * copies carry the same Message-ID and X-FreeBusy-Doctor-Escalation header, which is what a
 * receiving helpdesk (or a mail rule in front of it) should dedupe on.
 */
import type { NodemailerError, SMTPTransportOptions, SendMailOptions } from 'nodemailer';
import type { DeliveryContext, DeliveryResult, TicketConnector, TicketDocument } from '../types.js';
import { oneLine, redactionStatement, transcriptAttachments } from '../ticket-text.js';

export interface EmailConfig {
  host: string;
  port: number;
  /** true: implicit TLS from the first byte (port 465, `smtps://`); false: plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  user?: string;
  password?: string;
  /** From header, e.g. `FreeBusy Doctor <freebusy-doctor@example.com>`. */
  from: string;
  /** The helpdesk mailbox (or several, comma-separated or as an array). */
  to: string | string[];
  /** Refuse to send unless the connection is TLS (STARTTLS is required when `secure` is false). */
  requireTls?: boolean;
  /** Milliseconds to wait for the TCP connection (default 10 s). */
  connectionTimeoutMs?: number;
  /** Milliseconds to wait for the server greeting after connecting (default 10 s). */
  greetingTimeoutMs?: number;
  /** Milliseconds of socket inactivity before giving up (default 30 s). */
  socketTimeoutMs?: number;
  /** Human label, default "E-mail (<first recipient>)". */
  label?: string;
  /** Extra TLS options (e.g. a private CA); passed to nodemailer as is. */
  tls?: SMTPTransportOptions['tls'];
}

export const EMAIL_DEFAULT_TIMEOUTS = { connectionTimeoutMs: 10_000, greetingTimeoutMs: 10_000, socketTimeoutMs: 30_000 } as const;

/** `<esc-<id>@freebusy-doctor>`: the same on every attempt, so a receiver can dedupe. */
export function emailMessageId(escalationId: string): string {
  return `<esc-${escalationId}@freebusy-doctor>`;
}

/**
 * Parses `smtp://user:pass@host:port` (plain, STARTTLS when offered, default port 587) or
 * `smtps://user:pass@host:port` (implicit TLS, default port 465). User and password are
 * percent-decoded. Throws on any other scheme or a missing host.
 */
export function parseSmtpUrl(url: string): Pick<EmailConfig, 'host' | 'port' | 'secure' | 'user' | 'password'> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SMTP URL is not a valid URL (expected smtp://host:port or smtps://host:port)');
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new Error(`SMTP URL must use smtp:// or smtps://, not ${scheme}://`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error('SMTP URL has no host');
  const secure = scheme === 'smtps';
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587;
  const result: Pick<EmailConfig, 'host' | 'port' | 'secure' | 'user' | 'password'> = { host, port, secure };
  if (parsed.username) result.user = decodeURIComponent(parsed.username);
  if (parsed.password) result.password = decodeURIComponent(parsed.password);
  return result;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Header values must not carry line breaks (header injection); long titles are cut. */
export function emailSubject(doc: TicketDocument): string {
  return oneLine(`[${doc.reference}] ${doc.title}`, 200);
}

export function emailText(doc: TicketDocument): string {
  const lines = [
    `Escalation ${doc.reference}: ${doc.title}`,
    '',
    `Urgency: ${doc.urgency}`,
    `Description: ${doc.description}`,
  ];
  if (doc.errorId) lines.push(`Error: ${doc.errorId}`);
  if (doc.domain) lines.push(`Domain: ${doc.domain}`);
  lines.push(`Escalated: ${doc.createdAt}`, `Escalation id: ${doc.escalationId}`);
  lines.push(redactionStatement(doc));
  lines.push('', doc.summaryMarkdown, '', 'The full conversation is attached (transcript.md, conversation.transcript).');
  return lines.join('\n');
}

export function emailHtml(doc: TicketDocument): string {
  const row = (name: string, value: string): string =>
    `<tr><th align="left" style="padding-right:1em">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`;
  const rows = [row('Reference', doc.reference), row('Urgency', doc.urgency), row('Description', doc.description)];
  if (doc.errorId) rows.push(row('Error', doc.errorId));
  if (doc.domain) rows.push(row('Domain', doc.domain));
  rows.push(row('Escalated', doc.createdAt), row('Escalation id', doc.escalationId));
  rows.push(row('Redaction', redactionStatement(doc)));
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head><body>',
    `<h2>${escapeHtml(doc.title)}</h2>`,
    `<table>${rows.join('')}</table>`,
    `<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(doc.summaryMarkdown)}</pre>`,
    '<p>The full conversation is attached (transcript.md, conversation.transcript).</p>',
    '</body></html>',
  ].join('\n');
}

/** The nodemailer message for an escalation (exported for tests and previews). */
export function emailMessage(doc: TicketDocument, from: string, to: string | string[]): SendMailOptions {
  return {
    from,
    to,
    subject: emailSubject(doc),
    messageId: emailMessageId(doc.escalationId),
    headers: { 'X-FreeBusy-Doctor-Escalation': doc.escalationId },
    text: emailText(doc),
    html: emailHtml(doc),
    attachments: transcriptAttachments(doc).map((file) => ({
      filename: file.name,
      content: Buffer.from(file.content, 'utf8'),
      contentType: file.contentType,
      contentTransferEncoding: 'base64' as const,
    })),
    // Everything is given inline; never let content point at a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    xMailer: false,
  };
}

/** What the SMTP dialog reached, read from nodemailer's transaction log. */
interface DialogState {
  /** The server answered DATA with 354: the message is (being) transmitted. */
  dataAccepted: boolean;
}

/**
 * A bunyan-style logger that keeps no text: it only notices the server's 354 reply to DATA.
 * (nodemailer logs each server reply with `tnx: 'server'` when `transactionLog` is set.)
 */
function dialogWatcher(state: DialogState): Record<string, (...args: unknown[]) => void> {
  const watch = (entry: unknown, message: unknown): void => {
    if (
      typeof entry === 'object' &&
      entry !== null &&
      (entry as { tnx?: unknown }).tnx === 'server' &&
      typeof message === 'string' &&
      /^354[ -]/.test(message)
    ) {
      state.dataAccepted = true;
    }
  };
  const ignore = (): void => {};
  return { trace: ignore, debug: watch, info: ignore, warn: ignore, error: ignore, fatal: ignore };
}

/** Sorts a nodemailer failure into the delivery outcomes (see the module comment). */
export function classifySmtpError(err: unknown, dataAccepted: boolean, aborted: boolean): DeliveryResult {
  const e = (err ?? {}) as NodemailerError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail = smtpReason(e);

  if (responseCode !== undefined && responseCode >= 400 && responseCode < 600) {
    // A reply the server actually sent: it decided about this message.
    if (responseCode >= 500 && responseCode !== 503) {
      if (code === 'EAUTH') return { kind: 'permanent', reason: `SMTP server rejected the credentials (${detail})` };
      return { kind: 'permanent', reason: `SMTP server refused the message (${detail})` };
    }
    return { kind: 'retry', reason: `SMTP server deferred the message (${detail})` };
  }
  if (code === 'EABORT' || aborted) {
    return dataAccepted
      ? { kind: 'unclear', reason: 'SMTP delivery aborted after the message data was sent' }
      : { kind: 'retry', reason: 'SMTP delivery aborted before the message was sent' };
  }
  if (dataAccepted && (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'ETIMEDOUT' || code === undefined)) {
    return {
      kind: 'unclear',
      reason: `SMTP connection lost after the message data was sent; the server may have accepted it (${detail})`,
    };
  }
  switch (code) {
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'ETIMEDOUT':
    case 'EDNS':
    case 'EPROXY':
    case 'EPROTOCOL':
      return { kind: 'retry', reason: `SMTP server unreachable or unresponsive (${detail})` };
    case 'ETLS':
      // A dropped handshake is transient; a certificate or "no STARTTLS" failure is configuration.
      return /closed|reset|timed? ?out/i.test(e.message ?? '') || e.originalCode === 'ECONNRESET'
        ? { kind: 'retry', reason: `SMTP TLS handshake interrupted (${detail})` }
        : { kind: 'permanent', reason: `SMTP TLS negotiation failed; check the server's TLS setup (${detail})` };
    case 'EREQUIRETLS':
    case 'EAUTH':
    case 'ENOAUTH':
    case 'EENVELOPE':
    case 'EMESSAGE':
    case 'ECONFIG':
    case 'EMAXRECIPIENTS':
      return { kind: 'permanent', reason: `SMTP delivery refused (${detail})` };
    default:
      return { kind: 'retry', reason: `SMTP delivery failed (${detail})` };
  }
}

/** A short reason: code, reply and step, never credentials (nodemailer masks AUTH payloads). */
function smtpReason(e: NodemailerError): string {
  const parts: string[] = [];
  if (typeof e.code === 'string') parts.push(e.originalCode ? `${e.code}/${e.originalCode}` : e.code);
  if (typeof e.response === 'string') parts.push(oneLine(e.response, 200));
  else if (typeof e.message === 'string') parts.push(oneLine(e.message, 200));
  if (typeof e.command === 'string') parts.push(`during ${e.command}`);
  return parts.join(', ') || 'unknown error';
}

export function createEmailConnector(config: EmailConfig): TicketConnector {
  if (!config.host) throw new Error('e-mail connector: host is required');
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
    throw new Error('e-mail connector: port must be an integer between 1 and 65535');
  }
  const recipients = Array.isArray(config.to) ? config.to : [config.to];
  if (recipients.length === 0 || recipients.some((r) => !r.trim())) throw new Error('e-mail connector: a recipient (to) is required');
  if (!config.from.trim()) throw new Error('e-mail connector: from is required');
  const firstRecipient = recipients[0]?.split(',')[0]?.trim() ?? '';
  const label = config.label ?? `E-mail (${firstRecipient})`;

  async function deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult> {
    const messageId = emailMessageId(doc.escalationId);
    if (ctx.known) return { kind: 'delivered', ticket: ctx.known };
    if (ctx.signal.aborted) return { kind: 'retry', reason: 'SMTP delivery aborted before it started' };

    const state: DialogState = { dataAccepted: false };
    const options: SMTPTransportOptions = {
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls === true && !config.secure,
      connectionTimeout: config.connectionTimeoutMs ?? EMAIL_DEFAULT_TIMEOUTS.connectionTimeoutMs,
      greetingTimeout: config.greetingTimeoutMs ?? EMAIL_DEFAULT_TIMEOUTS.greetingTimeoutMs,
      socketTimeout: config.socketTimeoutMs ?? EMAIL_DEFAULT_TIMEOUTS.socketTimeoutMs,
      // Only the dialog watcher sees the log; it keeps nothing but "354 seen".
      logger: dialogWatcher(state),
      transactionLog: true,
      debug: false,
    };
    if (config.tls) options.tls = config.tls;
    if (config.user !== undefined) options.auth = { user: config.user, pass: config.password ?? '' };
    // Loaded on first delivery: a bot without SMTP configured never pays for nodemailer at start.
    const { default: nodemailer } = await import('nodemailer');
    const transporter = nodemailer.createTransport(options);
    try {
      const info = await transporter.sendMail({ ...emailMessage(doc, config.from, config.to), signal: ctx.signal });
      if (info.accepted.length === 0) {
        return { kind: 'permanent', reason: `SMTP server accepted no recipient (${oneLine(info.response, 200)})` };
      }
      // The message exists in the helpdesk's queue now; there is nothing to add afterwards.
      const ticket = { key: messageId };
      ctx.created(ticket);
      return { kind: 'delivered', ticket };
    } catch (err) {
      return classifySmtpError(err, state.dataAccepted, ctx.signal.aborted);
    } finally {
      transporter.close();
    }
  }

  return { name: 'email', label, deliver };
}
