/**
 * The labelled evaluation set in test/eval: realistic pastes per error, pastes that cannot
 * be decided within a confusable cluster, and out-of-scope messages. It is written apart
 * from the knowledge examples the classifier learns from, and split into validation
 * (for tuning) and test (for the reported figures and the floors).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KnowledgeBase } from '../knowledge/load.js';

const Split = z.enum(['validation', 'test']);

const InScope = z.object({ id: z.string(), text: z.string().min(1), label: z.string(), split: Split, generator: z.string() });
const Ambiguous = z.object({
  id: z.string(),
  text: z.string().min(1),
  label: z.literal('ambiguous'),
  candidates: z.array(z.string()).min(2),
  cluster: z.string().optional(),
  split: Split,
  generator: z.string(),
});
const OutOfScope = z.object({
  id: z.string(),
  text: z.string().min(1),
  label: z.literal('out-of-scope'),
  nearMiss: z.boolean(),
  split: Split,
  generator: z.string(),
});

export type InScopeItem = z.infer<typeof InScope> & { kind: 'in-scope' };
export type AmbiguousItem = z.infer<typeof Ambiguous> & { kind: 'ambiguous' };
export type OutOfScopeItem = z.infer<typeof OutOfScope> & { kind: 'out-of-scope' };
export type EvalItem = InScopeItem | AmbiguousItem | OutOfScopeItem;
export type SplitName = z.infer<typeof Split>;

export function defaultEvalDir(knowledgeDir: string): string {
  return join(knowledgeDir, '..', 'test', 'eval');
}

function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  if (!existsSync(path)) throw new Error(`evaluation file missing: ${path}`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim())
    .map(([line, n]) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (err) {
        throw new Error(`${path}:${n}: not JSON: ${(err as Error).message}`);
      }
      const r = schema.safeParse(json);
      if (!r.success) throw new Error(`${path}:${n}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return r.data;
    });
}

/** Load and check the set: unique ids, labels and candidates that the knowledge base knows. */
export function loadEvalSet(dir: string, kb: KnowledgeBase): EvalItem[] {
  const items: EvalItem[] = [
    ...readJsonl(join(dir, 'in-scope.jsonl'), InScope).map((x) => ({ ...x, kind: 'in-scope' as const })),
    ...readJsonl(join(dir, 'ambiguous.jsonl'), Ambiguous).map((x) => ({ ...x, kind: 'ambiguous' as const })),
    ...readJsonl(join(dir, 'out-of-scope.jsonl'), OutOfScope).map((x) => ({ ...x, kind: 'out-of-scope' as const })),
  ];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new Error(`evaluation item id "${item.id}" appears twice`);
    seen.add(item.id);
    const ids = item.kind === 'in-scope' ? [item.label] : item.kind === 'ambiguous' ? item.candidates : [];
    for (const id of ids) if (!kb.byId.has(id)) throw new Error(`evaluation item ${item.id} names "${id}", which is not in the knowledge base`);
  }
  return items;
}
