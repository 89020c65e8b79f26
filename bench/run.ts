/** `npm run bench`: measures and writes the figures into docs/BENCHMARKS.md. */
import { fileURLToPath } from 'node:url';
import { benchClassifier } from './classifier.js';
import { benchDialog } from './dialog.js';
import { benchEscalation } from './escalation.js';
import { benchHttp } from './http.js';
import { machineLine, writeSection } from './report.js';

const file = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url));
const sections: [string, () => Promise<string>][] = [
  ['classifier', benchClassifier],
  ['dialog', benchDialog],
  ['http', benchHttp],
  ['escalation', benchEscalation],
];
const only = process.argv[2];

for (const [name, run] of sections) {
  if (only && only !== name) continue;
  const body = await run();
  const text = `${body.trim()}\n\nMeasured on ${machineLine()}.`;
  console.log(text, '\n');
  writeSection(file, name, text);
}
console.log(`written to ${file}`);
