/**
 * The whole bot process: storage under DATA_DIR, the knowledge and classifier, the bot core,
 * Slack when it is configured, and the HTTP server. `npm start` runs this with no
 * configuration at all; tests run it on port 0 with a temporary DATA_DIR.
 */
import type { ServerConfig } from '../config/env.js';
import type { EscalationParts } from '../escalation/escalations.js';
import { createBotCore } from '../runtime/bot-core.js';
import type { BotRuntime } from '../runtime/bot-runtime.js';
import { loadKnowledgeAndClassifier, type Knowledge } from '../runtime/load-knowledge.js';
import { databasePath, openDatabase } from '../storage/database.js';
import { ROUTES } from './routes.js';
import { createServer, listen } from './server.js';

export interface App {
  url: string;
  port: number;
  runtime: BotRuntime;
  escalations: EscalationParts;
  /** What the process prints at start: where it listens and how to talk to it. */
  banner: string[];
  close(): Promise<void>;
}

export interface AppOptions {
  log?: (message: string) => void;
  /** Already loaded knowledge (tests share one across servers); loaded from the build otherwise. */
  knowledge?: Knowledge;
  /** Delivery worker timing (tests shorten the backoff). */
  worker?: { baseDelayMs?: number; maxDelayMs?: number; pollMs?: number; attemptTimeoutMs?: number };
}

export async function startApp(config: ServerConfig, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? ((m: string) => console.error(m));
  const file = databasePath(config.dataDir);
  const db = openDatabase(file);
  const knowledge = options.knowledge ?? (await loadKnowledgeAndClassifier());
  const { runtime, storage, escalations } = createBotCore({ db, dataDir: config.dataDir, knowledge, tickets: config.tickets, redaction: config.redaction, log, worker: options.worker });

  const slack = config.slack
    ? await (await import('../channels/slack/slack-channel.js')).createSlackChannel({ runtime, ...config.slack, log })
    : undefined;

  if (slack) runtime.registerSender(['slack'], (reference, logic) => slack.adapter.continueConversationAsync('', reference, logic));
  const server = createServer({
    runtime,
    microsoft: config.microsoft,
    slackListener: slack?.requestListener,
    log,
    ready: () => {
      const checks = { knowledge: knowledge.kb.entries.length > 0, storage: safely(() => storage.ping()) };
      return { ok: checks.knowledge && checks.storage, checks };
    },
  });
  const running = await listen(server, config.host, config.port);
  await slack?.start();
  escalations.worker.start();

  const banner = [
    `FreeBusy Doctor is listening on ${running.url} (${knowledge.kb.entries.length} known errors; state in ${file}).`,
    config.microsoft
      ? `Bot Framework endpoint: ${running.url}${ROUTES.messages} (authenticated as app ${config.microsoft.appId}, ${config.microsoft.appType}).`
      : `Bot Framework endpoint: ${running.url}${ROUTES.messages} — WARNING: no MicrosoftAppId, so requests are NOT authenticated. Fine on this machine with the Bot Framework Emulator (open it and connect to that URL with no app id or password); never expose it like this.`,
    `Escalations: local ticket store in ${config.dataDir}${config.tickets.length ? `, delivered to ${config.tickets.map((t) => t.label).join(', ')}` : ' (no ticket system configured)'}.`,
    slack ? `Slack: on (${config.slack?.appToken ? 'Socket Mode' : `events at ${running.url}${ROUTES.slackEvents}`}).` : 'Slack: off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to turn it on).',
    'In a terminal: npx freebusy-doctor chat',
    `Health: ${running.url}${ROUTES.healthz} and ${running.url}${ROUTES.readyz}. Ctrl+C stops the server.`,
  ];

  return {
    url: running.url,
    port: running.port,
    runtime,
    banner,
    escalations,
    async close() {
      await escalations.worker.stop();
      await slack?.stop();
      await running.close();
      db.close();
    },
  };
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
