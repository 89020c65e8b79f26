/**
 * One restify server for every way in: the Bot Framework endpoint, Slack's Events API, and
 * the health probes. Bolt's route gets the raw request (a body parser in front of it would
 * consume the bytes its signature check needs), so the JSON body parser is on
 * /api/messages only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import restify, { type Next, type Request, type Response, type Server } from './restify.js';
import type { BotRuntime } from '../runtime/bot-runtime.js';
import type { MicrosoftAuth } from '../config/env.js';
import { botEndpoint, createBotAdapter } from './bot-endpoint.js';
import { ROUTES } from './routes.js';

/** Large enough for a 1 MB paste wrapped in an activity; the bot reads at most 256 KB of it. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ServerParts {
  runtime: BotRuntime;
  microsoft?: MicrosoftAuth;
  /** Bolt's HTTP receiver, when Slack is on in HTTP mode. */
  slackListener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Readiness beyond "knowledge loaded": storage reachable, and whatever else the caller owns. */
  ready: () => { ok: boolean; checks: Record<string, boolean> };
  log: (message: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function createServer(parts: ServerParts): Server {
  const server = restify.createServer({ name: 'freebusy-doctor', handleUncaughtExceptions: false });
  const adapter = createBotAdapter(parts.runtime, parts.microsoft);
  // Ticket keys posted after the turn go back through the Bot Framework to Teams or the Emulator.
  parts.runtime.registerSender('*', (reference, logic) => adapter.continueConversationAsync(parts.microsoft?.appId ?? '', reference, logic));

  server.post(ROUTES.messages, restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }), botEndpoint(adapter, parts.runtime, parts.log));

  if (parts.slackListener) {
    const listener = parts.slackListener;
    // Bolt answers the request itself; next() is never called so restify adds nothing.
    server.post(ROUTES.slackEvents, (req: Request, res: Response, _next: Next) => {
      listener(req, res);
    });
  }

  server.get(ROUTES.healthz, async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get(ROUTES.readyz, async (_req: Request, res: Response) => {
    const r = parts.ready();
    res.send(r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', checks: r.checks });
  });

  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if ((err.statusCode ?? 500) >= 500) parts.log(`${req.method} ${req.url} failed: ${err.message}`);
    callback();
  });
  return server;
}

export async function listen(server: Server, host: string, port: number): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`${host}:${port} is already in use (stop the other process or set PORT)`) : err),
    );
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
