/** `freebusy-doctor classify`: one paste as an argument or on stdin, or JSON Lines with --jsonl. */
import { createInterface } from 'node:readline';
import type { Classification, ErrorClassifier } from '../classifier/classify.js';
import { MAX_READ } from '../classifier/classify.js';
import { readStdin, UsageError } from './io.js';

export interface JsonAnswer {
  decision: Classification['decision'];
  matches: { id: string; title: string; score: number }[];
}

export function toJson(r: Classification): JsonAnswer {
  return { decision: r.decision, matches: r.candidates.slice(0, 5).map(({ id, title, score }) => ({ id, title, score })) };
}

export function describe(r: Classification, known: number): string {
  const lines: string[] = [];
  const top = r.candidates[0];
  if (r.decision === 'match' && top) {
    lines.push(`match: ${top.title}`, `  id: ${top.id}   score: ${top.score}`);
    if (top.matched.length) lines.push(`  recognised by: ${top.matched.map((m) => (m.includes(' ') && m.length > 20 ? `"${m}"` : m)).join(', ')}`);
    const next = r.candidates[1];
    if (next) lines.push(`  next best: ${next.id} (${next.score})`);
  } else if (r.decision === 'ambiguous') {
    lines.push('ambiguous: the text fits several known errors. Did you mean:');
    r.suggestions.forEach((c, i) => lines.push(`  ${i + 1}. ${c.title}   [${c.id}, ${c.score}]`));
    lines.push('  The full error text (with the status code or the reason= part) or the Test-OAuthConnectivity / Test-OrganizationRelationship output would decide it.');
  } else {
    lines.push(`unknown: this does not look like one of the ${known} known free/busy errors.`);
    lines.push('  Paste the exact error: Test-OrganizationRelationship, Test-OAuthConnectivity, the Scheduling Assistant or the');
    lines.push('  Remote Connectivity Analyzer free/busy test show it.');
  }
  if (r.codes.length) lines.push(`  codes in the text: ${r.codes.join(', ')}`);
  if (r.truncated) lines.push(`  note: the text was longer than ${MAX_READ / 1024} KB; only its first ${(MAX_READ - 64 * 1024) / 1024} KB and last 64 KB were read.`);
  return lines.join('\n');
}

function hasText(s: string): boolean {
  return /[A-Za-z0-9]/.test(s);
}

export async function classifyOne(classifier: ErrorClassifier, args: string[], json: boolean, known: number, out: (s: string) => void): Promise<number> {
  let text = args.join(' ');
  let cut = false;
  if (!text) {
    if (process.stdin.isTTY) throw new UsageError('nothing to classify: give the error text as an argument or pipe it on stdin');
    ({ text, cut } = await readStdin());
  }
  if (!hasText(text)) throw new UsageError('nothing to classify: the text is empty or has no letters or digits');
  const r = classifier.classify(text);
  out(json ? JSON.stringify(toJson(r)) : describe(r, known));
  if (cut && !json) out('  note: standard input was longer than 20 MB and was cut there.');
  return 0;
}

/** One answer line per input line, in order; a bad line gets an error line and the run goes on. */
export async function classifyJsonl(classifier: ErrorClassifier, out: (s: string) => void): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let id: unknown = null;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      const rec = parsed as Record<string, unknown>;
      id = rec.id ?? null;
      if (typeof rec.text !== 'string') throw new Error('"text" must be a string');
      if (!hasText(rec.text)) throw new Error('"text" is empty');
      out(JSON.stringify({ id, ...toJson(classifier.classify(rec.text)) }));
    } catch (err) {
      const message = err instanceof SyntaxError ? `not valid JSON: ${err.message}` : (err as Error).message;
      out(JSON.stringify({ id, error: message }));
    }
  }
  // Bad lines are answered in the output stream itself; the batch as a whole succeeded.
  return 0;
}
