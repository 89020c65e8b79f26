/**
 * A tiny HTTP server on 127.0.0.1:<random port> for connector contract tests. It records every request (method,
 * path, query, headers, raw body bytes) and answers from a handler the test supplies. A handler returns a reply,
 * HANG (never answer: the client's timeout fires) or RESET (destroy the socket after reading the request: the
 * "created, but no answer" case).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
}

export const HANG = Symbol('hang');
export const RESET = Symbol('reset');
export type Answer = Reply | typeof HANG | typeof RESET;
export type Handler = (req: RecordedRequest) => Answer | Promise<Answer>;

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeServer(handler: Handler = () => ({ status: 404 })): Promise<FakeServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        text: () => body.toString('utf8'),
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
      };
      requests.push(recorded);
      Promise.resolve()
        .then(() => current(recorded))
        .then(
          (answer) => {
            if (answer === HANG) return;
            if (answer === RESET) {
              req.socket.destroy();
              return;
            }
            const headers: Record<string, string> = { ...answer.headers };
            let payload: string | Buffer = '';
            if (answer.json !== undefined) {
              payload = JSON.stringify(answer.json);
              headers['content-type'] ??= 'application/json';
            } else if (answer.body !== undefined) {
              payload = answer.body;
            }
            res.writeHead(answer.status, headers);
            res.end(payload);
          },
          (err: unknown) => {
            res.writeHead(599, { 'content-type': 'text/plain' });
            res.end(`fake server handler threw: ${String(err)}`);
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback URL nobody listens on: port 2 is never handed out by the OS and is not on fetch's
 * blocked-port list. (A port just freed can be taken by another test file's server meanwhile.)
 */
export async function closedPortUrl(): Promise<string> {
  return 'http://127.0.0.1:2';
}

/** Parses a recorded multipart/form-data body with undici's own parser. */
export async function parseMultipart(req: RecordedRequest): Promise<FormData> {
  const contentType = req.headers['content-type'] ?? '';
  return new Request('http://127.0.0.1/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(req.body),
  }).formData();
}

/**
 * Faults queued per route, taken one per matching request. `after: true` lets the fake do the real work first
 * (the ticket is created) and then answers with the fault instead — the "created but unclear" case.
 */
export interface Fault {
  /** undefined: answer normally (lets a test fail the 2nd matching request but not the 1st). */
  answer: Answer | undefined;
  after?: boolean;
}

export class Faults {
  private readonly queues = new Map<string, Fault[]>();
  add(route: string, answer: Answer, opts: { after?: boolean; times?: number } = {}): this {
    const q = this.queues.get(route) ?? [];
    for (let n = 0; n < (opts.times ?? 1); n += 1) q.push({ answer, after: opts.after ?? false });
    this.queues.set(route, q);
    return this;
  }
  /** Lets the next `times` matching requests through untouched. */
  pass(route: string, times = 1): this {
    const q = this.queues.get(route) ?? [];
    for (let n = 0; n < times; n += 1) q.push({ answer: undefined });
    this.queues.set(route, q);
    return this;
  }
  take(route: string): Fault | undefined {
    return this.queues.get(route)?.shift();
  }
  /** Runs `work` unless a before-fault answers first; an after-fault replaces work's answer. */
  async run(route: string, work: () => Answer | Promise<Answer>): Promise<Answer> {
    const fault = this.take(route);
    if (fault?.answer !== undefined && !fault.after) return fault.answer;
    const answer = await work();
    return fault?.answer ?? answer;
  }
}

export function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}
