/**
 * The turn that confirms an escalation, end to end over HTTP, while the ticket system never
 * answers: the turn stores the escalation and its outbox rows and replies; delivery happens
 * after it. Measured beside an ordinary turn of the same conversations.
 */
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../src/config/env.js';
import { loadKnowledgeAndClassifier } from '../src/runtime/load-knowledge.js';
import { startApp } from '../src/server/app.js';
import { ms } from './report.js';

const ROUNDS = 200;

export async function benchEscalation(): Promise<string> {
  // A ticket system that accepts the connection and never answers.
  const hanging = createServer(() => undefined);
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/hook`;
  const knowledge = await loadKnowledgeAndClassifier();
  const app = await startApp(
    readConfig({ PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'fbd-bench-esc-')), TICKET_WEBHOOK_URL: hookUrl, TICKET_WEBHOOK_SECRET: 'bench-secret-of-enough-length' }),
    { knowledge, log: () => undefined },
  );
  const post = async (conversation: string, text: string) => {
    const t = performance.now();
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: randomUUID(), channelId: 'msteams', deliveryMode: 'expectReplies', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: conversation }, from: { id: '29:bench' }, recipient: { id: '28:bot' }, text }),
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${body}`);
    return { ms: performance.now() - t, body };
  };
  const confirm: number[] = [];
  const ordinary: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const c = `bench-esc-${i}`;
      await post(c, 'The caller does not have access to free/busy data');
      ordinary.push((await post(c, 'megan.bowen@contoso.com')).ms);
      await post(c, 'escalate');
      await post(c, 'Nobody outside sees Megan’s calendar');
      await post(c, 'Normal');
      const r = await post(c, 'Send the ticket');
      if (!r.body.includes('FBD-')) throw new Error(`no reference in ${r.body.slice(0, 200)}`);
      confirm.push(r.ms);
    }
  } finally {
    await app.close();
    hanging.closeAllConnections();
    hanging.close();
  }
  const pct = (a: number[], q: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))] ?? NaN;
  return `
### Escalation turn (\`npm run bench -- escalation\`)

${ROUNDS} conversations, one after another, each walked to an escalation and confirmed over
\`POST /api/messages\` (expectReplies, SQLite state) while the configured ticket system (a
webhook on loopback) accepts connections and never answers. The confirming turn writes the
escalation, its transcript and its outbox row in one transaction and replies with the local
reference; the delivery worker keeps waiting on the webhook after the reply.

| turn | p50 | p99 | max |
|---|---|---|---|
| confirm the escalation ("Send the ticket") | ${ms(pct(confirm, 0.5))} | ${ms(pct(confirm, 0.99))} | ${ms(Math.max(...confirm))} |
| an ordinary turn of the same conversations (the mailbox answer) | ${ms(pct(ordinary, 0.5))} | ${ms(pct(ordinary, 0.99))} | ${ms(Math.max(...ordinary))} |
`;
}
