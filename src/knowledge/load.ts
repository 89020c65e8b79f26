/**
 * Loads knowledge/ (variables, clusters, one YAML file per error), validates each
 * file against the schema and the whole base for cross-references, and reports every
 * problem as "file: field: what is wrong" so an author can fix it without reading code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, basename, relative } from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import {
  ClusterDef,
  Condition,
  KnowledgeEntry,
  SEED_000,
  SEED_001,
  SEED_002,
  Step,
  VariableDef,
} from './schema.js';
import { SEED_001_SECTIONS, SEED_002_ROWS } from './seeds.js';
import { ParseCache } from './parse-cache.js';
import { packageRoot } from '../paths.js';

export interface KnowledgeBase {
  entries: KnowledgeEntry[];
  byId: Map<string, KnowledgeEntry>;
  variables: Map<string, VariableDef>;
  clusters: Map<string, ClusterDef>;
}

export interface Problem {
  file: string;
  field: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`knowledge base is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` + problems.map(formatProblem).join('\n'));
    this.name = 'KnowledgeError';
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.field || '(file)'}: ${p.message}`;
}

/** knowledge/ at the package root. */
export function defaultKnowledgeDir(): string {
  return join(packageRoot(), 'knowledge');
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

function zodPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function readYaml(path: string, display: string, problems: Problem[], cache: ParseCache): unknown {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push({ file: display, field: '', message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  try {
    // js-yaml rejects duplicate keys, so a key written twice is an error, not a silent overwrite.
    return cache.get(source, (s) => yaml.load(s, { filename: display }));
  } catch (err) {
    const e = err as yaml.YAMLException;
    const where = e.mark ? ` (line ${e.mark.line + 1}, column ${e.mark.column + 1})` : '';
    problems.push({ file: display, field: '', message: `YAML: ${e.reason ?? e.message}${where}` });
    return undefined;
  }
}

function validate<T>(schema: z.ZodType<T>, data: unknown, display: string, problems: Problem[], prefix = ''): T | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = zodPath(issue.path);
    problems.push({ file: display, field: prefix + (prefix && path && !path.startsWith('[') ? '.' : '') + path, message: issue.message });
  }
  return undefined;
}

function conditionsOf(step: Step): { cond: Condition; field: string }[] {
  const out: { cond: Condition; field: string }[] = [];
  if (step.kind === 'run') {
    step.outcomes.forEach((o, i) => out.push({ cond: o.when, field: `outcomes[${i}].when` }));
    step.capture?.forEach((c, i) => c.where && out.push({ cond: c.where, field: `capture[${i}].where` }));
  }
  if (step.kind === 'ask') step.choices.forEach((c, i) => c.when && out.push({ cond: c.when, field: `choices[${i}].when` }));
  return out;
}

function walkCondition(c: Condition, visit: (c: Condition) => void): void {
  visit(c);
  c.allOf?.forEach((x) => walkCondition(x, visit));
  c.anyOf?.forEach((x) => walkCondition(x, visit));
  if (c.not) walkCondition(c.not, visit);
  if (c.where) walkCondition(c.where, visit);
}

/** Every step id a step can lead to, with the field that names it. */
export function targetsOf(step: Step): { target: string; field: string }[] {
  const t: { target: string; field: string }[] = [];
  switch (step.kind) {
    case 'run':
      step.outcomes.forEach((o, i) => t.push({ target: o.next, field: `outcomes[${i}].next` }));
      t.push({ target: step.otherwise.next, field: 'otherwise.next' });
      if (step.skip) t.push({ target: step.skip, field: 'skip' });
      break;
    case 'ask':
      step.choices.forEach((c, i) => t.push({ target: c.next, field: `choices[${i}].next` }));
      if (step.skip) t.push({ target: step.skip, field: 'skip' });
      break;
    case 'fix':
      t.push({ target: step.notFixed, field: 'notFixed' });
      if (step.skip) t.push({ target: step.skip, field: 'skip' });
      break;
    default:
      break;
  }
  return t;
}

/** The texts of a step an admin will read, where {{variables}} may appear. */
function textsOf(step: Step): { text: string; field: string; allowValue: boolean }[] {
  const out: { text: string; field: string; allowValue: boolean }[] = [];
  const cmd = (c: { command: string }, field: string) => out.push({ text: c.command, field, allowValue: false });
  switch (step.kind) {
    case 'run':
      cmd(step, 'command');
      out.push({ text: step.why, field: 'why', allowValue: false }, { text: step.reads, field: 'reads', allowValue: false });
      step.outcomes.forEach((o, i) => o.finding && out.push({ text: o.finding, field: `outcomes[${i}].finding`, allowValue: true }));
      if (step.otherwise.finding) out.push({ text: step.otherwise.finding, field: 'otherwise.finding', allowValue: false });
      break;
    case 'ask':
      if (step.instruction) out.push({ text: step.instruction, field: 'instruction', allowValue: false });
      out.push({ text: step.question, field: 'question', allowValue: false });
      step.commands?.forEach((c, i) => cmd(c, `commands[${i}].command`));
      step.choices.forEach((c, i) => c.finding && out.push({ text: c.finding, field: `choices[${i}].finding`, allowValue: false }));
      break;
    case 'fix':
      out.push({ text: step.instruction, field: 'instruction', allowValue: false });
      step.commands?.forEach((c, i) => cmd(c, `commands[${i}].command`));
      step.alternatives?.forEach((a, i) => a.commands.forEach((c, j) => cmd(c, `alternatives[${i}].commands[${j}].command`)));
      break;
    case 'escalate':
      out.push({ text: step.reason, field: 'reason', allowValue: false });
      break;
    case 'end':
      out.push({ text: step.outcome, field: 'outcome', allowValue: false });
      break;
  }
  return out;
}

function checkEntry(entry: KnowledgeEntry, file: string, variables: Map<string, VariableDef>, clusters: Map<string, ClusterDef>, problems: Problem[]): void {
  const add = (field: string, message: string) => problems.push({ file, field, message });
  const expectedName = `${entry.id}.yaml`;
  if (basename(file) !== expectedName) add('id', `file must be named ${expectedName} to match the id`);

  const steps = entry.procedure.steps;
  const index = new Map<string, number>();
  steps.forEach((s, i) => {
    if (index.has(s.id)) add(`procedure.steps[${i}].id`, `duplicate step id "${s.id}" (first at steps[${index.get(s.id)}])`);
    else index.set(s.id, i);
  });
  if (!index.has(entry.procedure.start)) add('procedure.start', `names step "${entry.procedure.start}", which does not exist`);

  const causeIds = new Set(entry.causes.map((c) => c.id));
  steps.forEach((s, i) => {
    const at = `procedure.steps[${i}]`;
    for (const { target, field } of targetsOf(s)) {
      if (!index.has(target)) add(`${at}.${field}`, `names step "${target}", which does not exist`);
      else if (target === s.id) add(`${at}.${field}`, `step "${s.id}" leads to itself`);
    }
    if (s.kind === 'fix' && s.cause && !causeIds.has(s.cause)) add(`${at}.cause`, `names cause "${s.cause}", which is not in causes`);
    for (const { text, field, allowValue } of textsOf(s)) {
      for (const m of text.matchAll(PLACEHOLDER)) {
        const name = m[1] as string;
        if (name === 'value' && allowValue) continue;
        if (!variables.has(name)) add(`${at}.${field}`, `placeholder {{${name}}} is not a variable in knowledge/variables.yaml${allowValue ? ' (or {{value}})' : ''}`);
      }
    }
    for (const { cond, field } of conditionsOf(s)) {
      walkCondition(cond, (c) => {
        if (c.variable && !variables.has(c.variable)) add(`${at}.${field}`, `condition variable "${c.variable}" is not in knowledge/variables.yaml`);
        for (const v of [c.contains, c.lacks, ...(Array.isArray(c.equals) ? c.equals : [c.equals])]) {
          for (const m of (v ?? '').matchAll(PLACEHOLDER)) {
            if (!variables.has(m[1] as string)) add(`${at}.${field}`, `placeholder {{${m[1]}}} is not a variable`);
          }
        }
      });
    }
    const sets: [string, Record<string, string> | undefined][] =
      s.kind === 'run' ? s.outcomes.map((o, j) => [`outcomes[${j}].set`, o.set]) : s.kind === 'ask' ? s.choices.map((c, j) => [`choices[${j}].set`, c.set]) : [];
    for (const [field, set] of sets) {
      for (const name of Object.keys(set ?? {})) if (!variables.has(name)) add(`${at}.${field}`, `sets "${name}", which is not in knowledge/variables.yaml`);
    }
    if (s.kind === 'run') {
      s.capture?.forEach((c, j) => {
        if (!variables.has(c.variable)) add(`${at}.capture[${j}].variable`, `"${c.variable}" is not in knowledge/variables.yaml`);
      });
    }
  });

  // Reachability from the start step: an unreachable step is dead knowledge.
  if (index.has(entry.procedure.start)) {
    const seen = new Set<string>([entry.procedure.start]);
    const queue = [entry.procedure.start];
    while (queue.length) {
      const step = steps[index.get(queue.shift() as string) as number] as Step;
      for (const { target } of targetsOf(step)) {
        if (index.has(target) && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    steps.forEach((s, i) => {
      if (!seen.has(s.id)) add(`procedure.steps[${i}].id`, `step "${s.id}" cannot be reached from the start step "${entry.procedure.start}"`);
    });
    if (!steps.some((s) => seen.has(s.id) && (s.kind === 'escalate' || s.kind === 'end'))) {
      add('procedure.steps', 'the walk has no reachable escalate or end step, so it can never finish');
    }
  }

  entry.clusters.forEach((k, i) => {
    const c = clusters.get(k);
    if (!c) add(`clusters[${i}]`, `cluster "${k}" is not in knowledge/clusters.yaml`);
    else if (!c.members.includes(entry.id)) add(`clusters[${i}]`, `cluster ${k} does not list ${entry.id} as a member`);
  });

  const seenSources = new Set<string>();
  entry.sources.forEach((src, i) => {
    const key = JSON.stringify(src);
    if (seenSources.has(key)) add(`sources[${i}]`, 'duplicate source');
    seenSources.add(key);
    if ('section' in src && !SEED_001_SECTIONS.includes(src.section)) {
      add(`sources[${i}].section`, `"${src.section}" is not an exact "## " heading of ${SEED_001}`);
    }
  });
}

/** Words only, so punctuation and spacing differences do not hide a shared text. */
function signatureKey(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/**
 * A signature not marked `shared` claims that only its error shows it. If the same words
 * stand inside another error's signature, a paste of that other error would carry it too.
 */
function checkDistinctiveSignatures(entries: KnowledgeEntry[], fileOf: Map<string, string>, problems: Problem[]): void {
  const all = entries.flatMap((e) => e.signatures.map((s) => ({ id: e.id, key: signatureKey(s.text), text: s.text })));
  for (const e of entries) {
    e.signatures.forEach((sig, i) => {
      if (sig.shared) return;
      const key = signatureKey(sig.text);
      if (key.trim().length === 0) return;
      const other = all.find((o) => o.id !== e.id && o.key.includes(key));
      if (other) {
        problems.push({
          file: fileOf.get(e.id) as string,
          field: `signatures[${i}]`,
          message: `"${sig.text}" also stands in a signature of ${other.id} ("${other.text}"): mark it shared: true`,
        });
      }
    });
  }
}

export interface LoadOptions {
  dir?: string;
  /** saved parse results to reuse for unchanged files (see parse-cache.ts); none by default */
  parseCache?: ParseCache;
  /** require every seed section and row to be covered (the shipped base must; a partial test base need not) */
  requireSeedCoverage?: boolean;
}

export function loadKnowledge(options: LoadOptions = {}): KnowledgeBase {
  const dir = options.dir ?? defaultKnowledgeDir();
  const display = (p: string) => relative(process.cwd(), p) || p;
  const problems: Problem[] = [];
  const cache = options.parseCache ?? new ParseCache();

  /** A YAML list of named definitions (variables.yaml, clusters.yaml) as a Map, duplicates reported. */
  function readDefinitions<T>(name: string, schema: z.ZodType<T>, keyOf: (t: T) => string, keyField: string): Map<string, T> {
    const file = join(dir, name);
    const defs = new Map<string, T>();
    validate(z.array(schema), readYaml(file, display(file), problems, cache), display(file), problems)?.forEach((d, i) => {
      const key = keyOf(d);
      if (defs.has(key)) problems.push({ file: display(file), field: `[${i}].${keyField}`, message: `duplicate ${keyField} "${key}"` });
      defs.set(key, d);
    });
    return defs;
  }
  const variables = readDefinitions('variables.yaml', VariableDef, (v) => v.name, 'name');
  const clusters = readDefinitions('clusters.yaml', ClusterDef, (c) => c.id, 'id');
  const clustersFile = join(dir, 'clusters.yaml');

  const errorsDir = join(dir, 'errors');
  let files: string[] = [];
  try {
    files = readdirSync(errorsDir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch (err) {
    problems.push({ file: display(errorsDir), field: '', message: `cannot list: ${(err as Error).message}` });
  }
  const entries: KnowledgeEntry[] = [];
  const byId = new Map<string, KnowledgeEntry>();
  const fileOf = new Map<string, string>();
  for (const f of files) {
    const path = join(errorsDir, f);
    const shown = display(path);
    const entry = validate(KnowledgeEntry, readYaml(path, shown, problems, cache), shown, problems);
    if (!entry) continue;
    if (byId.has(entry.id)) {
      problems.push({ file: shown, field: 'id', message: `duplicate id "${entry.id}" (also in ${fileOf.get(entry.id)})` });
      continue;
    }
    checkEntry(entry, shown, variables, clusters, problems);
    entries.push(entry);
    byId.set(entry.id, entry);
    fileOf.set(entry.id, shown);
  }
  if (files.length === 0 && problems.length === 0) problems.push({ file: display(errorsDir), field: '', message: 'no error entries found' });

  checkDistinctiveSignatures(entries, fileOf, problems);

  const requireCoverage = options.requireSeedCoverage ?? true;
  for (const c of clusters.values()) {
    c.members.forEach((m, i) => {
      const e = byId.get(m);
      if (!e) {
        if (requireCoverage) problems.push({ file: display(clustersFile), field: `${c.id}.members[${i}]`, message: `"${m}" is not an error id in knowledge/errors` });
      }
      else if (!e.clusters.includes(c.id)) problems.push({ file: fileOf.get(m) as string, field: 'clusters', message: `must list ${c.id}, which names this error as a member` });
    });
  }

  if (requireCoverage) {
    const covered = new Set(entries.flatMap((e) => e.sources.map((s) => JSON.stringify(s))));
    for (const section of SEED_001_SECTIONS) {
      if (!covered.has(JSON.stringify({ seed: SEED_001, section }))) problems.push({ file: display(errorsDir), field: 'sources', message: `no entry covers ${SEED_001} section "${section}"` });
    }
    for (const row of SEED_002_ROWS) {
      if (!covered.has(JSON.stringify({ seed: SEED_002, row }))) problems.push({ file: display(errorsDir), field: 'sources', message: `no entry covers ${SEED_002} row ${row}` });
    }
    if (!covered.has(JSON.stringify({ seed: SEED_000 }))) problems.push({ file: display(errorsDir), field: 'sources', message: `no entry covers ${SEED_000}` });
  }

  if (problems.length > 0) throw new KnowledgeError(problems);
  return { entries, byId, variables, clusters };
}
