/**
 * E-mail connector against a real SMTP server (npm smtp-server) on 127.0.0.1:0: the received MIME
 * is checked header by header and part by part (base64 decoded), and the server injects faults.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  classifySmtpError,
  createEmailConnector,
  emailMessageId,
  parseSmtpUrl,
  type EmailConfig,
} from '../../src/tickets/connectors/email.js';
import { emailFromEnv } from '../../src/tickets/connectors/config.js';
import { closedPort, decodePart, mimeLeafParts, startSilentPeer, startSmtpPeer, type SmtpPeer } from './smtp-peer.js';
import { sampleDoc, testContext } from './sample-doc.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function peer(options: Parameters<typeof startSmtpPeer>[0] = {}): Promise<SmtpPeer> {
  const p = await startSmtpPeer(options);
  cleanups.push(() => p.close());
  return p;
}

function connector(port: number, extra: Partial<EmailConfig> = {}) {
  return createEmailConnector({
    host: '127.0.0.1',
    port,
    secure: false,
    from: 'FreeBusy Doctor <freebusy-doctor@example.com>',
    to: 'helpdesk@example.com',
    connectionTimeoutMs: 2000,
    greetingTimeoutMs: 2000,
    socketTimeoutMs: 5000,
    ...extra,
  });
}

function headerOf(raw: string, name: string): string | undefined {
  const split = raw.indexOf('\r\n\r\n');
  const headers = (split === -1 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers);
  return match?.[1];
}

describe('e-mail connector', () => {
  it('delivers over AUTH PLAIN a message with the stable Message-ID, subject, escaped HTML and both attachments byte for byte', async () => {
    const smtp = await peer({ auth: { user: 'bot', pass: 's3cret-pass' } });
    const doc = sampleDoc({ description: 'Users see <script>alert("x")</script> & nothing else' });
    const ctx = testContext();
    const result = await connector(smtp.port, { user: 'bot', password: 's3cret-pass' }).deliver(doc, ctx);

    const messageId = `<esc-${doc.escalationId}@freebusy-doctor>`;
    expect(emailMessageId(doc.escalationId)).toBe(messageId);
    expect(result).toEqual({ kind: 'delivered', ticket: { key: messageId } });
    expect(ctx.createdCalls).toEqual([{ key: messageId }]);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.user).toBe('bot');
    expect(mail.from).toBe('freebusy-doctor@example.com');
    expect(mail.to).toEqual(['helpdesk@example.com']);

    const raw = mail.raw;
    expect(headerOf(raw, 'Message-ID')).toBe(messageId);
    expect(headerOf(raw, 'Subject')).toBe(`[${doc.reference}] ${doc.title}`);
    expect(headerOf(raw, 'X-FreeBusy-Doctor-Escalation')).toBe(doc.escalationId);
    expect(headerOf(raw, 'From')).toBe('FreeBusy Doctor <freebusy-doctor@example.com>');
    expect(headerOf(raw, 'To')).toBe('helpdesk@example.com');
    expect(headerOf(raw, 'Content-Type')).toMatch(/^multipart\/mixed/);

    const parts = mimeLeafParts(raw);
    const text = parts.find((p) => /content-type:\s*text\/plain/i.test(p.headers));
    const html = parts.find((p) => /content-type:\s*text\/html/i.test(p.headers));
    const md = parts.find((p) => /filename="?transcript\.md"?/i.test(p.headers));
    const json = parts.find((p) => /filename="?conversation\.transcript"?/i.test(p.headers));
    expect(text && html && md && json).toBeTruthy();

    const textBody = decodePart(text!).toString('utf8');
    expect(textBody).toContain(doc.summaryMarkdown.replace(/\n/g, '\r\n'));
    expect(textBody).toContain(doc.description);
    expect(textBody).toContain('Urgency: high');

    const htmlBody = decodePart(html!).toString('utf8');
    expect(htmlBody).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; nothing else');
    expect(htmlBody).not.toContain('<script>');
    expect(htmlBody).toContain(doc.reference);

    expect(md!.headers).toMatch(/content-type:\s*text\/markdown/i);
    expect(md!.headers).toMatch(/content-disposition:\s*attachment/i);
    expect(decodePart(md!).equals(Buffer.from(doc.transcriptMarkdown, 'utf8'))).toBe(true);
    expect(json!.headers).toMatch(/content-type:\s*application\/json/i);
    expect(decodePart(json!).equals(Buffer.from(doc.transcriptJson, 'utf8'))).toBe(true);
  });

  it('sends the same Message-ID on a second attempt (the helpdesk dedupes on it)', async () => {
    const smtp = await peer();
    const doc = sampleDoc();
    await connector(smtp.port).deliver(doc, testContext());
    await connector(smtp.port).deliver(doc, testContext({ attempt: 2 }));
    expect(smtp.received.map((m) => headerOf(m.raw, 'Message-ID'))).toEqual([emailMessageId(doc.escalationId), emailMessageId(doc.escalationId)]);
  });

  it('RCPT rejected with 550 → permanent', async () => {
    const smtp = await peer();
    smtp.fault = { kind: 'reject-rcpt', code: 550, message: 'Mailbox unavailable' };
    const result = await connector(smtp.port).deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('permanent');
    expect((result as { reason: string }).reason).toMatch(/550/);
    expect(smtp.received).toHaveLength(0);
  });

  it('RCPT deferred with 451 or 452 → retry', async () => {
    const smtp = await peer();
    for (const code of [451, 452]) {
      smtp.fault = { kind: 'reject-rcpt', code, message: 'Try again later' };
      const result = await connector(smtp.port).deliver(sampleDoc(), testContext());
      expect(result.kind).toBe('retry');
      expect((result as { reason: string }).reason).toMatch(String(code));
    }
  });

  it('wrong password (535) → permanent', async () => {
    const smtp = await peer({ auth: { user: 'bot', pass: 'right' } });
    const result = await connector(smtp.port, { user: 'bot', password: 'wrong' }).deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('permanent');
    expect(JSON.stringify(result)).not.toContain('wrong');
  });

  it('server down (connection refused) → retry', async () => {
    const result = await connector(await closedPort()).deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('retry');
  });

  it('no greeting within greetingTimeout → retry', async () => {
    const silent = await startSilentPeer();
    cleanups.push(() => silent.close());
    const started = Date.now();
    const result = await connector(silent.port, { greetingTimeoutMs: 200 }).deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('retry');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('connection destroyed after the message data was sent → unclear', async () => {
    const smtp = await peer();
    smtp.fault = { kind: 'drop-after-data' };
    const ctx = testContext();
    const result = await connector(smtp.port).deliver(sampleDoc(), ctx);
    expect(result.kind).toBe('unclear');
    expect(smtp.dropped).toHaveLength(1);
    expect(ctx.createdCalls).toHaveLength(0);
  });

  it('an already delivered message is not sent again', async () => {
    const smtp = await peer();
    const known = { key: emailMessageId(sampleDoc().escalationId) };
    expect(await connector(smtp.port).deliver(sampleDoc(), testContext({ attempt: 2, known }))).toEqual({ kind: 'delivered', ticket: known });
    expect(smtp.received).toHaveLength(0);
  });

  it('an aborted attempt → retry, nothing sent', async () => {
    const smtp = await peer();
    const abort = new AbortController();
    abort.abort();
    const result = await connector(smtp.port).deliver(sampleDoc(), testContext({ signal: abort.signal }));
    expect(result.kind).toBe('retry');
    expect(smtp.received).toHaveLength(0);
  });

  it('requireTls refuses a server without STARTTLS', async () => {
    const smtp = await peer();
    const result = await connector(smtp.port, { requireTls: true }).deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('permanent');
    expect(smtp.received).toHaveLength(0);
  });

  it('classifySmtpError maps reply codes and connection failures', () => {
    const e = (props: Record<string, unknown>) => Object.assign(new Error('x'), props);
    expect(classifySmtpError(e({ code: 'EENVELOPE', responseCode: 553, response: '553 bad address' }), false, false).kind).toBe('permanent');
    expect(classifySmtpError(e({ code: 'EMESSAGE', responseCode: 554, response: '554 rejected' }), true, false).kind).toBe('permanent');
    expect(classifySmtpError(e({ code: 'EENVELOPE', responseCode: 450, response: '450 busy' }), false, false).kind).toBe('retry');
    expect(classifySmtpError(e({ code: 'ECONNECTION', responseCode: 421, response: '421 closing' }), false, false).kind).toBe('retry');
    expect(classifySmtpError(e({ code: 'ETIMEDOUT' }), false, false).kind).toBe('retry');
    expect(classifySmtpError(e({ code: 'ETIMEDOUT' }), true, false).kind).toBe('unclear');
    expect(classifySmtpError(e({ code: 'ECONNECTION' }), true, false).kind).toBe('unclear');
    expect(classifySmtpError(e({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }), false, false).kind).toBe('retry');
    expect(classifySmtpError(e({ code: 'EABORT' }), true, true).kind).toBe('unclear');
  });
});

describe('SMTP configuration', () => {
  it('parses smtp:// and smtps:// URLs', () => {
    expect(parseSmtpUrl('smtp://mail.example.com')).toEqual({ host: 'mail.example.com', port: 587, secure: false });
    expect(parseSmtpUrl('smtps://bot%40corp:p%40ss@mail.example.com')).toEqual({ host: 'mail.example.com', port: 465, secure: true, user: 'bot@corp', password: 'p@ss' });
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
    expect(() => parseSmtpUrl('http://mail.example.com')).toThrow(/smtp/);
    expect(() => parseSmtpUrl('not a url')).toThrow();
  });

  it('emailFromEnv: off when unset, errors name the missing variable, builds the connector otherwise', () => {
    expect(emailFromEnv({})).toBeUndefined();
    expect(() => emailFromEnv({ SMTP_HOST: 'mail.example.com' })).toThrow(/TICKET_EMAIL_TO/);
    expect(() => emailFromEnv({ TICKET_EMAIL_TO: 'helpdesk@example.com' })).toThrow(/SMTP_URL or SMTP_HOST/);
    expect(() => emailFromEnv({ SMTP_HOST: 'mail.example.com', TICKET_EMAIL_TO: 'h@example.com', SMTP_USER: 'bot' })).toThrow(/SMTP_PASSWORD/);
    expect(() => emailFromEnv({ SMTP_HOST: 'mail.example.com', TICKET_EMAIL_TO: 'h@example.com', SMTP_PORT: 'abc' })).toThrow(/SMTP_PORT/);
    expect(() => emailFromEnv({ SMTP_HOST: 'mail.example.com', TICKET_EMAIL_TO: 'h@example.com', SMTP_SECURE: 'maybe' })).toThrow(/SMTP_SECURE/);
    expect(() => emailFromEnv({ SMTP_URL: 'https://mail.example.com', TICKET_EMAIL_TO: 'h@example.com' })).toThrow(/SMTP_URL/);
    expect(() => emailFromEnv({ SMTP_URL: 'smtp://a.example.com', SMTP_HOST: 'b.example.com', TICKET_EMAIL_TO: 'h@example.com' })).toThrow(/SMTP_URL or SMTP_HOST/);
    const c = emailFromEnv({ SMTP_URL: 'smtp://mail.example.com:25', TICKET_EMAIL_TO: 'helpdesk@example.com' });
    expect(c?.name).toBe('email');
    expect(c?.label).toBe('E-mail (helpdesk@example.com)');
  });

  it('emailFromEnv delivers through SMTP_HOST/SMTP_PORT with the default From', async () => {
    const smtp = await peer({ auth: { user: 'bot', pass: 'pw-123' } });
    const c = emailFromEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_USER: 'bot', SMTP_PASSWORD: 'pw-123', TICKET_EMAIL_TO: 'helpdesk@example.com' });
    const result = await c!.deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('delivered');
    expect(headerOf(smtp.received[0]!.raw, 'From')).toBe('FreeBusy Doctor <freebusy-doctor@localhost>');
  });
});
