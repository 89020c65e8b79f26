/**
 * The load generator for the HTTP bench, run in a worker thread so the server's thread does not
 * also pay for the client. Each of N conversations sends its turns one after another, as a user
 * does; all N run at once. Answers latencies and the achieved rate.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  url: string;
  conversations: number;
  durationMs: number;
  warmupMs: number;
  /** The turns each conversation repeats, in order. */
  cycle: string[];
}

export interface LoadResult {
  messages: number;
  seconds: number;
  latencies: number[];
  failures: number;
}

/** node:http with keep-alive: fetch costs the client several times more CPU per request than the server's echo. */
function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function conversation(job: LoadJob, agent: Agent, until: () => boolean, record: (ms: number | undefined) => void): Promise<void> {
  const target = new URL(`${job.url}/api/messages`);
  const id = `bench:${randomUUID()}`;
  for (let i = 0; !until(); i++) {
    const text = job.cycle[i % job.cycle.length] as string;
    const body = JSON.stringify({
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      deliveryMode: 'expectReplies',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id },
      from: { id: '29:bench' },
      recipient: { id: '28:bot' },
      text,
    });
    const t = performance.now();
    try {
      const status = await post(agent, target, body);
      record(status === 200 ? performance.now() - t : undefined);
    } catch {
      record(undefined);
    }
  }
}

async function run(job: LoadJob): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const end = measureFrom + job.durationMs;
  const latencies: number[] = [];
  let failures = 0;
  const record = (ms: number | undefined) => {
    if (performance.now() < measureFrom) return;
    if (ms === undefined) failures++;
    else latencies.push(ms);
  };
  const agent = new Agent({ keepAlive: true, maxSockets: job.conversations });
  await Promise.all(Array.from({ length: job.conversations }, () => conversation(job, agent, () => performance.now() >= end, record)));
  agent.destroy();
  return { messages: latencies.length, seconds: (performance.now() - measureFrom) / 1000, latencies, failures };
}

if (parentPort) parentPort.postMessage(await run(workerData as LoadJob));
