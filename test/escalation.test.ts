import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../src/escalation/delivery-worker.js';
import { EscalationStore } from '../src/escalation/store.js';
import { databasePath, openDatabase } from '../src/storage/database.js';
import { createWebhookConnector, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../src/tickets/connectors/webhook.js';
import type { TicketDocument } from '../src/tickets/types.js';
import { startTestApp, tempDataDir, TeamsUser } from './helpers/server.js';
import { HANG, RESET, startFakeServer, type Answer, type RecordedRequest } from './tickets/fake-server.js';
import { until } from './helpers/until.js';

const SECRET = 'a-webhook-secret-of-some-length';
const PASSWORD = 'Sup3r$ecretPw!2026';

/** A webhook receiver that creates one ticket per Idempotency-Key, as a receiver following the documented scheme does. */
async function ticketReceiver(faults: Answer[] = []) {
  const tickets = new Map<string, RecordedRequest>();
  const server = await startFakeServer((req) => {
    const fault = faults.shift();
    const key = String(req.headers['idempotency-key']);
    const valid = verifyWebhookSignature(SECRET, req.headers[WEBHOOK_TIMESTAMP_HEADER.toLowerCase()] as string, req.body, req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string, Math.floor(Date.now() / 1000));
    if (!valid) return { status: 401 };
    if (fault && fault !== RESET && fault !== HANG && fault.status >= 400) return fault;
    if (!tickets.has(key)) tickets.set(key, req);
    // RESET/HANG after the ticket exists: the "created, but the answer never came" case.
    if (fault) return fault;
    return { status: 201, json: { key: `HOOK-${[...tickets.keys()].indexOf(key) + 1}`, url: `https://tickets.example/${key}` } };
  });
  return { server, tickets };
}

/** A stand-in for the Bot Connector service: proactive messages land here. */
async function connectorService() {
  return startFakeServer((req) => (req.method === 'POST' ? { status: 200, json: { id: `a-${Date.now()}` } } : { status: 404 }));
}


describe('escalation end to end through POST /api/messages', () => {
  it('stores the ticket locally, delivers it signed to the webhook, and posts the ticket key into the conversation', async () => {
    const hook = await ticketReceiver();
    const bfc = await connectorService();
    const dataDir = tempDataDir();
    const app = await startTestApp(dataDir, { TICKET_WEBHOOK_URL: `${hook.server.url}/hooks/tickets`, TICKET_WEBHOOK_SECRET: SECRET });
    try {
      const user = new TeamsUser(app.url);
      const extra = { serviceUrl: `${bfc.url}/` };
      await user.say('The caller does not have access to free/busy data', extra);
      await user.say(`megan.bowen@contoso.com`, extra);
      expect(await user.say(`The admin account is fbadmin with Password=${PASSWORD} if you need it`, extra)).toBeTruthy();
      expect(await user.say('escalate', extra)).toContain('In one line, what should the engineer know');
      expect(await user.say('Cloud users cannot see Megan since Monday', extra)).toContain('How urgent is it?');
      const preview = await user.say('High — many users affected', extra);
      expect(preview).toContain('Here is what I will send:');
      expect(preview).toContain('Free/busy: The caller does not have access to free/busy data — contoso.com');
      expect(preview).toMatch(/Redaction: applied; 1 item masked \(1 password\)/);
      expect(preview).toContain('Webhook (127.0.0.1');

      const confirmed = await user.say('Send the ticket', extra);
      const reference = /\*\*(FBD-\d{4}-\d{6})\*\*/.exec(confirmed)?.[1];
      expect(reference, confirmed).toBeDefined();
      expect(confirmed).toContain('will post the ticket number here');

      // In the local store at once, with its files.
      const stored = app.escalations.store.get(reference as string);
      expect(stored?.document.urgency).toBe('high');
      expect(stored?.document.description).toBe('Cloud users cannot see Megan since Monday');
      expect(stored?.document.domain).toBe('contoso.com');

      // Delivered to the webhook, signed, with the whole redacted transcript including the confirming turn.
      const delivered = await until('the webhook delivery', () => [...hook.tickets.values()][0]);
      const body = delivered.json<TicketDocument & { type: string }>();
      expect(body.type).toBe('freebusy-doctor.escalation');
      expect(body.reference).toBe(reference);
      expect(body.transcriptMarkdown).toContain('Cloud users cannot see Megan since Monday');
      expect(body.transcriptMarkdown).toContain('Send the ticket');
      expect(JSON.parse(body.transcriptJson).length).toBeGreaterThan(10);
      expect(delivered.text()).not.toContain(PASSWORD);
      expect(body.redaction.total).toBe(1);

      // The conversation is told the ticket key, proactively, in the same conversation.
      const told = await until('the proactive message', () => bfc.requests.find((r) => r.text().includes('HOOK-1')));
      // A reply to the confirming message, in the same conversation (a Teams thread keeps it there).
      expect(told.path.startsWith(`/v3/conversations/${encodeURIComponent(user.conversationId)}/activities/`)).toBe(true);
      expect(told.json<{ text: string }>().text).toContain(reference);
      await until('the delivery to be recorded', () => app.escalations.store.get(reference as string)?.deliveries[0]?.status === 'delivered' || undefined);

      // Transcripts at rest hold no secret either.
      const db = new Database(databasePath(dataDir), { readonly: true });
      const rows = db.prepare('SELECT activity FROM transcript').all() as { activity: string }[];
      db.close();
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.some((r) => r.activity.includes(PASSWORD))).toBe(false);

      // A second confirm of the same case gives the same escalation back, not a second one.
      expect(await user.say('escalate', extra)).toContain(`already escalated as **${reference}**`);
      expect(app.escalations.store.list()).toHaveLength(1);
    } finally {
      await app.close();
      await hook.server.close();
      await bfc.close();
    }
  });

  it('keeps no secret in conversation state either: the reported text and pasted outputs are masked before they are stored', async () => {
    const dataDir = tempDataDir();
    const app = await startTestApp(dataDir);
    try {
      const user = new TeamsUser(app.url);
      expect(await user.say(`The caller does not have access to free/busy data. We connect with Password=${PASSWORD}`)).toContain('Whose calendar');
      await user.say('megan.bowen@contoso.com');
      await user.say(`FolderName User AccessRights\n---------- ---- ------------\nCalendar Default {None}\nclient_secret=${PASSWORD}`);
      expect(JSON.stringify((await user.send('status')).activities)).toContain('megan.bowen@contoso.com');
    } finally {
      await app.close();
    }
    const db = new Database(databasePath(dataDir), { readonly: true });
    const state = (db.prepare('SELECT value FROM state').all() as { value: string }[]).map((r) => r.value).join('\n');
    db.close();
    expect(state).toContain('[redacted:password]');
    expect(state).not.toContain(PASSWORD);
  });

  it('answers the confirming turn at once even when the ticket system hangs', async () => {
    const hook = await ticketReceiver([HANG]);
    const app = await startTestApp(tempDataDir(), { TICKET_WEBHOOK_URL: `${hook.server.url}/hook`, TICKET_WEBHOOK_SECRET: SECRET });
    try {
      const user = new TeamsUser(app.url);
      await user.say('The caller does not have access to free/busy data');
      await user.say('escalate');
      await user.say('skip');
      await user.say('Normal');
      const started = Date.now();
      expect(await user.say('Send the ticket')).toMatch(/Escalated: \*\*FBD-/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await app.close();
      await hook.server.close();
    }
  });
});

function sampleEscalation(store: EscalationStore, caseKey: string, connectors = ['webhook']) {
  return store.accept({
    conversation: 'msteams/a:1',
    caseKey,
    conversationReference: { channelId: 'msteams' },
    connectors,
    document: (id, reference, createdAt) => ({
      escalationId: id,
      reference,
      title: 'Free/busy: test',
      description: 'd',
      urgency: 'normal',
      summaryMarkdown: '## Summary',
      transcriptMarkdown: '# T',
      transcriptJson: '[]',
      redaction: { total: 0, counts: {} },
      createdAt,
    }),
  }).escalation;
}

describe('delivery worker: faults end delivered once or dead-lettered, never lost, never duplicated', () => {
  const fast = { baseDelayMs: 5, maxDelayMs: 20, pollMs: 20, attemptTimeoutMs: 400 };

  it('retries through 500, 503, 429 with Retry-After, a reset after creating and a timeout, and creates one ticket', async () => {
    const hook = await ticketReceiver([{ status: 500 }, { status: 503 }, { status: 429, headers: { 'retry-after': '1' } }, RESET, HANG]);
    const store = new EscalationStore(openDatabase(':memory:'));
    const e = sampleEscalation(store, 'case-1');
    const worker = new DeliveryWorker({ store, connectors: [createWebhookConnector({ url: `${hook.server.url}/hook`, secret: SECRET, timeoutMs: 300 })], ...fast });
    worker.start();
    const done = await until('delivery', () => (store.get(e.id)?.deliveries[0]?.status === 'delivered' ? store.get(e.id) : undefined), 20_000);
    await worker.stop();
    expect(done?.deliveries[0]?.attempts).toBe(6);
    expect(hook.tickets.size).toBe(1);
    expect(hook.server.requests.every((r) => r.headers['idempotency-key'] === `esc-${e.id}`)).toBe(true);
    // Retry-After: 1 was honoured: the attempt after the 429 came at least a second later.
    const times = hook.server.requests.map((r) => Number(r.headers[WEBHOOK_TIMESTAMP_HEADER.toLowerCase()]));
    expect((times[3] ?? 0) - (times[2] ?? 0)).toBeGreaterThanOrEqual(1);
    await hook.server.close();
  });

  it('dead-letters a permanent 400 at once, keeps the escalation, and a retry after the fix delivers it', async () => {
    const hook = await ticketReceiver([{ status: 400, json: { error: 'bad field' } }]);
    const store = new EscalationStore(openDatabase(':memory:'));
    const e = sampleEscalation(store, 'case-2');
    const told: string[] = [];
    const worker = new DeliveryWorker({ store, connectors: [createWebhookConnector({ url: `${hook.server.url}/hook`, secret: SECRET })], ...fast, notify: async (_e, d) => void told.push(d.status) });
    worker.start();
    await until('dead letter', () => store.get(e.id)?.deliveries[0]?.status === 'dead' || undefined);
    await worker.idle();
    expect(store.get(e.id)?.deliveries[0]).toMatchObject({ status: 'dead', attempts: 1 });
    expect(store.get(e.id)?.deliveries[0]?.lastError).toContain('400');
    expect(told).toEqual(['dead']);
    expect(store.requeue(e.reference)).toBe(1);
    worker.kick();
    await until('delivery after requeue', () => store.get(e.id)?.deliveries[0]?.status === 'delivered' || undefined);
    await worker.stop();
    expect(told).toEqual(['dead', 'delivered']);
    expect(hook.tickets.size).toBe(1);
    await hook.server.close();
  });

  it('retries while the target refuses connections, then delivers once it is up', async () => {
    // Port 2: nothing listens there (port 1 is on fetch's blocked list) and the OS never hands it out, so the refusal is certain
    // (a port just closed may be taken by another test's server meanwhile).
    const store = new EscalationStore(openDatabase(':memory:'));
    const e = sampleEscalation(store, 'case-3');
    const worker = new DeliveryWorker({ store, connectors: [createWebhookConnector({ url: 'http://127.0.0.1:2/hook', secret: SECRET })], ...fast });
    worker.start();
    await until('a refused attempt', () => ((store.get(e.id)?.deliveries[0]?.attempts ?? 0) >= 2 ? true : undefined));
    expect(store.get(e.id)?.deliveries[0]).toMatchObject({ status: 'pending', unclear: false });
    await worker.stop();
    const again = await ticketReceiver();
    const worker2 = new DeliveryWorker({ store, connectors: [createWebhookConnector({ url: `${again.server.url}/hook`, secret: SECRET })], ...fast });
    worker2.start();
    await until('delivery', () => store.get(e.id)?.deliveries[0]?.status === 'delivered' || undefined);
    await worker2.stop();
    expect(again.tickets.size).toBe(1);
    await again.server.close();
  });

  it('finishes a delivery cut off by a killed process after a restart on the same file, exactly once', async () => {
    const hook = await ticketReceiver([HANG]);
    const file = join(tempDataDir(), 'outbox.sqlite');
    const db = openDatabase(file);
    const store = new EscalationStore(db);
    const e = sampleEscalation(store, 'case-4');
    const worker = new DeliveryWorker({ store, connectors: [createWebhookConnector({ url: `${hook.server.url}/hook`, secret: SECRET, timeoutMs: 60_000 })], ...fast, attemptTimeoutMs: 60_000, leaseMs: 200 });
    worker.start();
    // The request is in flight (the receiver already created the ticket) when the process "dies".
    await until('the first request', () => hook.tickets.size === 1 || undefined);
    db.close();

    const reopened = new EscalationStore(openDatabase(file));
    expect(reopened.get(e.id)?.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1 });
    const worker2 = new DeliveryWorker({ store: reopened, connectors: [createWebhookConnector({ url: `${hook.server.url}/hook`, secret: SECRET })], ...fast });
    worker2.start();
    const done = await until('delivery after restart', () => (reopened.get(e.id)?.deliveries[0]?.status === 'delivered' ? reopened.get(e.id) : undefined));
    await worker2.stop();
    expect(done?.deliveries[0]?.attempts).toBe(2);
    expect(hook.tickets.size).toBe(1);
    await hook.server.close();
    void worker.stop().catch(() => undefined);
  });

  it('one escalation per case: confirming twice returns the first, with one outbox row per target', () => {
    const store = new EscalationStore(openDatabase(':memory:'));
    const a = sampleEscalation(store, 'same-case', ['webhook', 'email']);
    const b = sampleEscalation(store, 'same-case', ['webhook', 'email']);
    expect(b.id).toBe(a.id);
    expect(a.reference).toMatch(/^FBD-\d{4}-000001$/);
    expect(sampleEscalation(store, 'other-case').reference).toMatch(/-000002$/);
    expect(store.get(a.reference)?.deliveries.map((d) => d.connector)).toEqual(['email', 'webhook']);
  });

  it('dead-letters a delivery to a ticket system this process has no configuration for, naming how to retry', async () => {
    const store = new EscalationStore(openDatabase(':memory:'));
    const e = sampleEscalation(store, 'case-5', ['jira']);
    const worker = new DeliveryWorker({ store, connectors: [], ...fast });
    worker.start();
    await until('dead letter', () => store.get(e.id)?.deliveries[0]?.status === 'dead' || undefined);
    await worker.stop();
    expect(store.get(e.id)?.deliveries[0]?.lastError).toContain(`tickets retry ${e.reference}`);
  });
});
