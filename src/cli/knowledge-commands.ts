/** `freebusy-doctor knowledge list|check`: what the bot knows, and whether knowledge/ is valid. */
import { KnowledgeError, loadKnowledge } from '../knowledge/load.js';
import type { KnowledgeEntry } from '../knowledge/schema.js';

export function knowledgeCheck(dir: string | undefined, partial: boolean, out: (s: string) => void): number {
  try {
    const kb = loadKnowledge({ dir, requireSeedCoverage: !partial });
    const steps = kb.entries.reduce((n, e) => n + e.procedure.steps.length, 0);
    out(`knowledge OK: ${kb.entries.length} errors, ${steps} steps, ${kb.variables.size} variables, ${kb.clusters.size} clusters`);
    return 0;
  } catch (err) {
    if (err instanceof KnowledgeError) {
      out(err.message);
      return 1;
    }
    throw err;
  }
}

function describe(e: KnowledgeEntry): string {
  return `${e.id.padEnd(42)} ${e.direction.padEnd(16)} ${e.auth.padEnd(15)} ${e.title}`;
}

export function knowledgeList(dir: string | undefined, json: boolean, out: (s: string) => void): number {
  const kb = loadKnowledge({ dir });
  if (json) {
    out(JSON.stringify(kb.entries.map((e) => ({ id: e.id, title: e.title, direction: e.direction, auth: e.auth, clusters: e.clusters, steps: e.procedure.steps.length }))));
    return 0;
  }
  out(`${'id'.padEnd(42)} ${'direction'.padEnd(16)} ${'auth'.padEnd(15)} title`);
  for (const e of kb.entries) out(describe(e));
  out(`${kb.entries.length} errors`);
  return 0;
}
