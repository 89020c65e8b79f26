/**
 * `freebusy-doctor chat`: the bot in the terminal, through the same bot core and the same
 * SQLite state under DATA_DIR as the server. Interactive, a paste of several lines is one
 * message (lines arriving together are joined); with stdin not a terminal, every line is one
 * message, so a conversation can be scripted. Each run is a new conversation unless
 * --conversation names an earlier one to resume.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { ConsoleAdapter } from '../channels/console-adapter.js';
import { readConfig } from '../config/env.js';
import { createEscalations } from '../escalation/escalations.js';
import { BotRuntime } from '../runtime/bot-runtime.js';
import type { Knowledge } from '../runtime/load-knowledge.js';
import { databasePath, openDatabase } from '../storage/database.js';
import { SeenIds } from '../storage/seen-ids.js';
import { SqliteStorage } from '../storage/sqlite-storage.js';

/** Lines of one paste arrive within a few milliseconds of each other; typing is slower. */
const PASTE_GAP_MS = 60;

export interface ChatOptions {
  dataDir: string;
  conversation?: string;
}

export async function chat(knowledge: Knowledge, options: ChatOptions, out: (s: string) => void): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const db = openDatabase(databasePath(options.dataDir));
  let stopWorker: (() => Promise<void>) | undefined;
  try {
    const log = (m: string) => process.stderr.write(`${m}\n`);
    // Ticket systems and redaction come from the same environment as the server's.
    const config = readConfig({ ...process.env, PORT: undefined, HOST: undefined });
    // The worker reports through the runtime, which needs the desk the escalations make first.
  const late: { runtime?: BotRuntime } = {};
    const escalations = createEscalations({
      db,
      kb: knowledge.kb,
      dataDir: options.dataDir,
      connectors: config.tickets,
      redaction: config.redaction,
      log,
      tell: async (e, text) => late.runtime?.proactive(e.conversationReference, text),
    });
    const runtime = new BotRuntime({ ...knowledge, storage: new SqliteStorage(db), seen: new SeenIds(db), log, transcripts: escalations.transcripts, redaction: config.redaction, desk: escalations.desk });
  late.runtime = runtime;
    const conversation = options.conversation ?? `console-${randomUUID()}`;
    const adapter = runtime.attach(new ConsoleAdapter((text) => out(`\n${text}`), conversation));
    runtime.registerSender(['console'], (reference, logic) => adapter.continueConversation(reference, logic));
    escalations.worker.start();
    stopWorker = async () => {
      // Deliveries still pending stay in the outbox; the server (or the next chat) sends them.
      await escalations.worker.stop();
    };
    const turn = (text: string) => adapter.receive(text, runtime.logic);
    out(`FreeBusy Doctor knows ${knowledge.kb.entries.length} hybrid free/busy errors. Paste the error you see; type "help" for commands, Ctrl+D to quit.`);
    if (interactive) out(`(Conversation ${conversation}; resume it later with: freebusy-doctor chat --conversation ${conversation})`);

    const rl = createInterface({ input: process.stdin, terminal: false });
    if (!interactive) {
      for await (const line of rl) if (line.trim()) await turn(line);
      return 0;
    }
    let buffer: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    let queue = Promise.resolve();
    const flush = () => {
      const text = buffer.join('\n').trim();
      buffer = [];
      if (text)
        queue = queue.then(() => turn(text)).then(() => {
          process.stdout.write('\n> ');
        });
    };
    process.stdout.write('> ');
    for await (const line of rl) {
      buffer.push(line);
      clearTimeout(timer);
      timer = setTimeout(flush, PASTE_GAP_MS);
    }
    clearTimeout(timer);
    flush();
    await queue;
    return 0;
  } finally {
    await stopWorker?.();
    db.close();
  }
}
