import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';

const parse = (s: string) => yaml.load(s);
const stringify = (v: unknown) => yaml.dump(v);
import { KnowledgeError, loadKnowledge, type Problem } from '../src/knowledge/load.js';
import { SEED_001_SECTIONS } from '../src/knowledge/seeds.js';

const SHIPPED = join(import.meta.dirname, '..', 'knowledge');
const exemplar = () => parse(readFileSync(join(SHIPPED, 'errors', 'no-free-busy-access.yaml'), 'utf8')) as Record<string, unknown>;

/** A knowledge dir holding the shipped variables, one cluster, and the given entries. */
function fixture(entries: Record<string, unknown>[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fbd-kb-'));
  mkdirSync(join(dir, 'errors'));
  writeFileSync(join(dir, 'variables.yaml'), readFileSync(join(SHIPPED, 'variables.yaml')));
  writeFileSync(join(dir, 'clusters.yaml'), stringify([{ id: 'K11', name: 'scoping', members: ['no-free-busy-access', 'other-error'], separator: 's', followUp: 'f' }]));
  for (const e of entries) writeFileSync(join(dir, 'errors', `${String(e.id)}.yaml`), stringify(e));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'errors', name), body);
  return dir;
}

function problemsOf(dir: string): Problem[] {
  try {
    loadKnowledge({ dir, requireSeedCoverage: false });
  } catch (err) {
    if (err instanceof KnowledgeError) return err.problems;
    throw err;
  }
  return [];
}

type Steps = { id: string; kind: string; [k: string]: unknown }[];
const steps = (e: Record<string, unknown>) => (e.procedure as { steps: Steps }).steps;

describe('knowledge validation', () => {
  it('accepts a valid entry', () => {
    const other = { ...exemplar(), id: 'other-error', signatures: [{ text: 'A wholly different failure text' }] };
    expect(problemsOf(fixture([exemplar(), other]))).toEqual([]);
  });

  it('rejects a "distinctive" signature that another error also shows', () => {
    const other = { ...exemplar(), id: 'other-error', signatures: [{ text: 'Proxy web request failed: NoFreeBusyAccessException, LID 1' }] };
    expect(problemsOf(fixture([exemplar(), other]))).toContainEqual(
      expect.objectContaining({ field: 'signatures[0]', message: expect.stringContaining('also stands in a signature of other-error') }),
    );
  });

  it('names the file, the field and what is wrong for a schema violation', () => {
    const e = exemplar();
    e.direction = 'sideways';
    delete e.summary;
    const problems = problemsOf(fixture([e]));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: expect.stringContaining('no-free-busy-access.yaml'), field: 'direction', message: expect.stringContaining('cloud-to-onprem') }),
        expect.objectContaining({ field: 'summary' }),
      ]),
    );
  });

  it('reports duplicate ids', () => {
    const problems = problemsOf(fixture([exemplar()], { 'copy.yaml': stringify(exemplar()) }));
    expect(problems.some((p) => p.field === 'id' && /duplicate id "no-free-busy-access"/.test(p.message))).toBe(true);
  });

  it('reports a dangling step reference with its field path', () => {
    const e = exemplar();
    const fix = steps(e).find((s) => s.id === 'fix-default-permission') as Record<string, unknown>;
    fix.notFixed = 'no-such-step';
    const problems = problemsOf(fixture([e]));
    expect(problems).toContainEqual(expect.objectContaining({ field: expect.stringMatching(/^procedure\.steps\[\d+\]\.notFixed$/), message: expect.stringContaining('"no-such-step"') }));
  });

  it('reports unreachable steps', () => {
    const e = exemplar();
    steps(e).push({ id: 'orphan', kind: 'end', title: 'Orphan', outcome: 'never reached' });
    expect(problemsOf(fixture([e]))).toContainEqual(expect.objectContaining({ message: expect.stringContaining('"orphan" cannot be reached') }));
  });

  it('reports unknown placeholders, variables and causes', () => {
    const e = exemplar();
    const run = steps(e)[0] as Record<string, unknown>;
    run.command = 'Get-MailboxFolderPermission -Identity "{{nosuchVariable}}:\\Calendar"';
    const fix = steps(e).find((s) => s.kind === 'fix') as Record<string, unknown>;
    fix.cause = 'no-such-cause';
    const problems = problemsOf(fixture([e]));
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('{{nosuchVariable}}') }));
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('cause "no-such-cause"') }));
  });

  it('rejects malformed conditions', () => {
    const e = exemplar();
    const run = steps(e)[0] as unknown as { outcomes: { when: unknown }[] };
    (run.outcomes[0] as { when: unknown }).when = { field: 'AccessRights', equals: 'None', empty: true };
    (run.outcomes[1] as { when: unknown }).when = { outputMatches: '([unclosed' };
    const problems = problemsOf(fixture([e]));
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('exactly one operator') }));
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('not a valid regular expression') }));
  });

  it('rejects a source section that is not a heading of seed 001', () => {
    const e = exemplar();
    e.sources = [{ seed: '001_5384d1e14ee1d61f.txt', section: 'Made up heading' }];
    expect(problemsOf(fixture([e]))).toContainEqual(expect.objectContaining({ field: 'sources[0].section' }));
  });

  it('reports YAML syntax errors and cluster membership in both directions', () => {
    const e = exemplar();
    e.clusters = [];
    const problems = problemsOf(fixture([e], { 'broken.yaml': 'id: [unclosed\n', 'twice.yaml': 'id: a\nid: b\n' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringContaining('broken.yaml'), message: expect.stringMatching(/^YAML: .*\(line \d+, column \d+\)$/) }));
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringContaining('twice.yaml'), message: expect.stringContaining('duplicated mapping key') }));
    expect(problems).toContainEqual(expect.objectContaining({ field: 'clusters', message: expect.stringContaining('must list K11') }));
  });

  it('reports a variable defined twice', () => {
    const dir = fixture([exemplar()]);
    const vars = readFileSync(join(dir, 'variables.yaml'), 'utf8');
    writeFileSync(join(dir, 'variables.yaml'), `${vars}\n- name: cloudMailbox\n  label: again\n  question: again?\n  kind: email\n  example: a@b.com\n`);
    expect(problemsOf(dir)).toContainEqual(expect.objectContaining({ file: expect.stringContaining('variables.yaml'), message: 'duplicate name "cloudMailbox"' }));
  });

  it('requires every seed section and row to be covered in the shipped base', () => {
    const dir = fixture([exemplar()]);
    let err: unknown;
    try {
      loadKnowledge({ dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KnowledgeError);
    expect((err as KnowledgeError).message).toContain('no entry covers 000_ccbb37ac2d6f8721.txt');
  });
});

describe('the shipped knowledge base', () => {
  let kb: ReturnType<typeof loadKnowledge>;
  beforeAll(() => {
    kb = loadKnowledge();
  });

  it('holds all 38 distinct seeded errors, each with sources and a walkable procedure', () => {
    expect(kb.entries).toHaveLength(38);
    for (const e of kb.entries) {
      expect(e.sources.length).toBeGreaterThan(0);
      expect(e.procedure.steps.some((s) => s.kind === 'run' || s.kind === 'ask')).toBe(true);
      expect(e.procedure.steps.some((s) => s.kind === 'escalate')).toBe(true);
    }
  });

  it('reads real cmdlet output in most walks: the catalog lists 28 errors that branch on parsed output', () => {
    const branching = kb.entries.filter((e) => e.procedure.steps.some((s) => s.kind === 'run' && s.outcomes.some((o) => JSON.stringify(o.when).match(/"field"|"output/))));
    expect(branching.length).toBeGreaterThanOrEqual(26);
  });

  it('never suggests Test-FederationTrust in Exchange Online', () => {
    for (const e of kb.entries)
      for (const s of e.procedure.steps) {
        const cmds = s.kind === 'run' ? [{ shell: s.shell, command: s.command }] : s.kind === 'fix' || s.kind === 'ask' ? (s.commands ?? []) : [];
        for (const c of cmds) if (/Test-FederationTrust\b/.test(c.command)) expect(c.shell, `${e.id}/${s.id}`).toBe('ems');
      }
  });

  it('uses the corrected O365 wildcard, never the 0365 typo of seed 002', () => {
    expect(JSON.stringify(kb.entries.map((e) => e.procedure))).not.toMatch(/"0365|to 0365/);
  });
});

describe('seed headings', () => {
  const seed = join(import.meta.dirname, '..', '..', 'shared', 'seeds', '001_5384d1e14ee1d61f.txt');
  it.runIf(existsSync(seed))('match the "## " headings of seed 001 exactly', () => {
    const headings = readFileSync(seed, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('## '))
      .map((l) => l.slice(3));
    expect(SEED_001_SECTIONS).toEqual(headings);
  });
});
