/**
 * `freebusy-doctor chat` (what `npm start` runs for now): the bot in the terminal. Interactive,
 * a paste of several lines is one message (lines arriving together are joined); with stdin
 * not a terminal, every line is one message, so a conversation can be scripted.
 */
import { createInterface } from 'node:readline';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { FreeBusyBot } from '../../dialogs/bot.js';
import type { ErrorClassifier } from '../classifier/classify.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { ConsoleAdapter } from '../channels/console-adapter.js';
import { Walker } from '../walk/engine.js';

/** Lines of one paste arrive within a few milliseconds of each other; typing is slower. */
const PASTE_GAP_MS = 60;

export async function chat(kb: KnowledgeBase, classifier: ErrorClassifier, out: (s: string) => void): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const bot = new FreeBusyBot(new ConversationState(new MemoryStorage()), new Walker(kb, classifier));
  const adapter = new ConsoleAdapter((text) => out(`\n${text}`));
  adapter.onTurnError = async (ctx, err) => {
    out(`\n(Something went wrong on my side: ${err.message}. Type "start over" to begin again.)`);
  };
  const turn = (text: string) => adapter.receive(text, (ctx) => bot.run(ctx));
  out(`FreeBusy Doctor knows ${kb.entries.length} hybrid free/busy errors. Paste the error you see; type "help" for commands, Ctrl+D to quit.`);

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
}
