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
import { escalationConfig } from '../config/env.js';
import type { DeliveryWorker } from '../escalation/delivery-worker.js';
import { createBotCore } from '../runtime/bot-core.js';
import type { Knowledge } from '../runtime/load-knowledge.js';
import { databasePath, openDatabase } from '../storage/database.js';

/** Lines of one paste arrive within a few milliseconds of each other; typing is slower. */
const PASTE_GAP_MS = 60;

export interface ChatOptions {
  dataDir: string;
  conversation?: string;
}

export async function chat(knowledge: Knowledge, options: ChatOptions, out: (s: string) => void): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const db = openDatabase(databasePath(options.dataDir));
  // Deliveries still pending at exit stay in the outbox; the server (or the next chat) sends them.
  let worker: DeliveryWorker | undefined;
  try {
    const log = (m: string) => process.stderr.write(`${m}\n`);
    // Ticket systems and redaction come from the same environment as the server's.
    const { runtime, escalations } = createBotCore({ db, dataDir: options.dataDir, knowledge, ...escalationConfig(), log });
    const conversation = options.conversation ?? `console-${randomUUID()}`;
    const adapter = runtime.attach(new ConsoleAdapter((text) => out(`\n${text}`), conversation));
    runtime.registerSender(['console'], (reference, logic) => adapter.continueConversation(reference, logic));
    worker = escalations.worker;
    worker.start();
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
    await worker?.stop();
    db.close();
  }
}
