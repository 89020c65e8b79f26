/**
 * `freebusy-doctor chat` (what `npm start` runs for now): a console that names the error in
 * each paste. A paste may span lines; an empty line ends it. The guided walks replace this
 * with the full conversation once the dialogs exist.
 */
import { createInterface } from 'node:readline';
import type { ErrorClassifier } from '../classifier/classify.js';
import { describe } from './classify-command.js';

export async function chat(classifier: ErrorClassifier, known: number, out: (s: string) => void): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  out(`FreeBusy Doctor knows ${known} hybrid free/busy errors. Paste the error you see, then an empty line. Ctrl+D quits.`);
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  let buffer: string[] = [];
  const flush = () => {
    const text = buffer.join('\n').trim();
    buffer = [];
    if (!text) return;
    out(describe(classifier.classify(text), known));
    out('');
  };
  if (interactive) rl.setPrompt('> ');
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (line.trim() === '') flush();
    else buffer.push(line);
    if (interactive && buffer.length === 0) rl.prompt();
  }
  flush();
  return 0;
}
