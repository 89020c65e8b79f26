/**
 * End-to-end HTTP turns: POST /api/messages with expectReplies on the real server (restify,
 * CloudAdapter, middleware, dialogs, SQLite state), at 1, 10 and 100 concurrent conversations,
 * beside a bare restify endpoint that only echoes, measured by the same load generator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { readConfig } from '../src/config/env.js';
import { loadKnowledgeAndClassifier } from '../src/runtime/load-knowledge.js';
import { startApp } from '../src/server/app.js';
import restify, { type Request, type Response } from '../src/server/restify.js';
import type { LoadJob, LoadResult } from './http-load.js';
import { ms } from './report.js';

const PASTE = `FolderName           User                 AccessRights
----------           ----                 ------------
Calendar             Default              {None}
Calendar             Anonymous            {None}`;

/** A short walk, repeated: the error, the mailbox, the pasted output, the fix's answer, start over. */
const CYCLE = ['The caller does not have access to free/busy data', 'megan.bowen@contoso.com', PASTE, 'No, still broken', 'start over'];

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./http-load.js', import.meta.url), { workerData: job });
    w.once('message', (r: LoadResult) => {
      void w.terminate();
      resolve(r);
    });
    w.once('error', reject);
  });
}

async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = restify.createServer();
  server.post('/api/messages', restify.plugins.bodyParser(), async (req: Request, res: Response) => {
    const body = req.body as { text?: string };
    res.send(200, { activities: [{ type: 'message', text: body.text ?? '' }] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const pct = (a: number[], q: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

export async function benchHttp(): Promise<string> {
  const knowledge = await loadKnowledgeAndClassifier();
  const app = await startApp(readConfig({ PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'fbd-bench-')) }), { knowledge, log: () => undefined });
  const echo = await echoServer();
  const rows: string[] = [];
  let at100 = { rate: 0, p99: Infinity };
  const busyPerMessage: string[] = [];
  try {
    for (const conversations of [1, 10, 100]) {
      const job = { conversations, durationMs: 5000, warmupMs: 1000, cycle: CYCLE };
      const elu = performance.eventLoopUtilization();
      const bot = await load({ ...job, url: app.url });
      const busy = performance.eventLoopUtilization(elu);
      busyPerMessage.push(`${conversations}: ${((busy.active / Math.max(1, bot.messages + (bot.messages * job.warmupMs) / job.durationMs))).toFixed(2)} ms`);
      const bare = await load({ ...job, url: echo.url });
      const rate = bot.messages / bot.seconds;
      const bareRate = bare.messages / bare.seconds;
      if (conversations === 100) at100 = { rate, p99: pct(bot.latencies, 0.99) };
      rows.push(
        `| ${conversations} | ${rate.toFixed(0)} | ${ms(pct(bot.latencies, 0.5))} | ${ms(pct(bot.latencies, 0.99))} | ${bot.failures} | ${bareRate.toFixed(0)} | ${ms(pct(bare.latencies, 0.5))} | ${ms(pct(bare.latencies, 0.99))} | ${(rate / bareRate).toFixed(2)} |`,
      );
    }
  } finally {
    await echo.close();
    await app.close();
  }
  const meets = at100.rate >= 1000 && at100.p99 < 50;
  return `
### HTTP turns (\`npm run bench -- http\`)

\`POST /api/messages\` with \`deliveryMode: "expectReplies"\` on the real server (restify 11,
CloudAdapter without auth, dedupe + per-conversation queue middleware, dialogs, walk engine,
SQLite state in a temporary DATA_DIR), one process. The load generator runs in a worker
thread (the VM has 2 cores, so client and server share the machine); each conversation
repeats the walk *error → mailbox → pasted Get-MailboxFolderPermission output → "No, still
broken" → start over*, one turn after another. 5 s measured after 1 s of warm-up per row. The
echo column is a bare restify endpoint with the same body parser that only echoes the text.

| conversations | bot msg/s | bot p50 | bot p99 | failed | echo msg/s | echo p50 | echo p99 | bot/echo rate |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Server thread busy time per message (event-loop utilisation ÷ messages, warm-up included
approximately; the cost the bot itself adds, less sensitive to the VM's noise than the
rates): ${busyPerMessage.join(', ')}.

Goal at 100 conversations: ≥ 1,000 msg/s and p99 < 50 ms — ${meets ? 'met' : `**not met** (${at100.rate.toFixed(0)} msg/s, p99 ${ms(at100.p99)})`}.
`;
}
