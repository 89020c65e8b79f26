import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built command, as `npm test` runs it after `npm run build`.
const CLI = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');

function run(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('freebusy-doctor classify', () => {
  it('names the error of a paste given as an argument', () => {
    const r = run(['classify', 'Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: The caller does not have access to free/busy data.']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^match: The caller does not have access to free\/busy data/);
    expect(r.out).toContain('no-free-busy-access');
    expect(r.out).toContain('NoFreeBusyAccessException');
  });

  it('answers JSON with the decision and at most five matches, best first', () => {
    const r = run(['classify', '--json', 'The user specified by the user-context in the token is ambiguous']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { decision: string; matches: { id: string; title: string; score: number }[] };
    expect(j.decision).toBe('match');
    expect(j.matches[0]?.id).toBe('oauth-user-context-ambiguous');
    expect(j.matches.length).toBeLessThanOrEqual(5);
    for (const m of j.matches) expect(Object.keys(m).sort()).toEqual(['id', 'score', 'title']);
    const scores = j.matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('reads the paste from stdin', () => {
    const r = run(['classify', '--json'], 'Failed to get ASURL. Error 8004010F\n');
    expect(JSON.parse(r.out).matches[0].id).toBe('asurl-8004010f');
  });

  it('answers JSON Lines in order and reports bad lines without stopping', () => {
    const input = [
      JSON.stringify({ id: 1, text: 'The result set contains too many calendar entries. The allowed size = 1000; the actual size = 1312.' }),
      '{not json',
      JSON.stringify({ id: 'x', nottext: 1 }),
      '',
      JSON.stringify({ id: 3, text: 'hello, is anyone there?' }),
    ].join('\n');
    const r = run(['classify', '--jsonl'], input);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 1, decision: 'match' });
    expect((lines[0]?.matches as { id: string }[])[0]?.id).toBe('too-many-calendar-entries');
    expect(lines[1]).toEqual({ id: null, error: expect.stringContaining('not valid JSON') });
    expect(lines[2]).toEqual({ id: 'x', error: '"text" must be a string' });
    expect(lines[3]).toMatchObject({ id: 3, decision: 'unknown' });
  });

  it('refuses empty input and binary junk with a usage error, never a stack trace', () => {
    for (const input of ['', '   \n', Buffer.from([0, 1, 2, 3, 0xff, 0xfe])]) {
      const r = run(['classify'], input);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^freebusy-doctor: nothing to classify/);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('reads the head and tail of a 5 MB paste and says so', () => {
    const paste = `${'VERBOSE: noise line without anything of interest 0123456789\n'.repeat(90_000)}An error occurred when processing the security tokens in the message.`;
    expect(paste.length).toBeGreaterThan(5_000_000);
    const r = run(['classify'], paste);
    expect(r.code).toBe(0);
    expect(r.out).toContain('dauth-security-tokens-processing');
    expect(r.out).toMatch(/only its first \d+ KB and last 64 KB were read/);
  });

  it('rejects an unknown command with exit code 2', () => {
    const r = run(['diagnose-everything']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'diagnose-everything'");
  });
});

describe('freebusy-doctor knowledge and eval', () => {
  it('lists the 38 errors and checks the base', () => {
    const list = run(['knowledge', 'list', '--json']);
    expect(JSON.parse(list.out)).toHaveLength(38);
    const check = run(['knowledge', 'check']);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^knowledge OK: 38 errors/);
  });

  it('reports a broken knowledge directory by file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fbd-empty-'));
    const r = run(['knowledge', 'check', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('variables.yaml: (file): cannot read');
  });

  it('prints the evaluation report and writes it as JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fbd-eval-')), 'report.json');
    const r = run(['eval', '--json', file]);
    expect(r.out).toMatch(/top-1 accuracy\s+\d/);
    expect(r.out).toMatch(/out-of-scope recall/);
    expect(r.out).toMatch(/per cluster:\n\s+K1 /);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ split: 'test' });
    for (const k of ['top1', 'top3', 'macroF1', 'outOfScopeRecall', 'falseRejection', 'perCluster', 'confusions']) expect(report).toHaveProperty(k);
  });
});

describe('freebusy-doctor chat', () => {
  const DATA_DIR = mkdtempSync(join(tmpdir(), 'fbd-chat-'));

  it('holds a scripted conversation with the bot, one message per line of stdin', () => {
    const r = run(['chat'], ['The caller does not have access to free/busy data', 'megan.bowen@contoso.com', 'status', 'start over', 'help'].join('\n'), { DATA_DIR });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Whose calendar cannot be seen?');
    expect(r.out).toContain('Get-MailboxFolderPermission -Identity "megan.bowen@contoso.com:\\Calendar"');
    expect(r.out).toContain('Known: the mailbox whose free/busy cannot be seen: megan.bowen@contoso.com.');
    expect(r.out).toContain('Starting over.');
    expect(r.out).toContain('Commands that work at any point');
    expect(r.out).not.toContain('**');
  });

  it('numbers choices and takes the number as the answer', () => {
    const r = run(['chat'], ['The request failed with HTTP status 401: Unauthorized.', '1'].join('\n'), { DATA_DIR });
    expect(r.out).toMatch(/^ +1\. The request failed with HTTP status 401: Unauthorized \(key was not found\)$/m);
    expect(r.out).toContain('This is The request failed with HTTP status 401: Unauthorized (key was not found).');
  });

  it('keeps the conversation in SQLite under DATA_DIR, so a later run resumes it at the same step', () => {
    const first = run(['chat', '--conversation', 'resume-me'], ['The caller does not have access to free/busy data', 'megan.bowen@contoso.com'].join('\n'), { DATA_DIR });
    expect(first.out).toContain('Get-MailboxFolderPermission -Identity "megan.bowen@contoso.com:\\Calendar"');
    expect(existsSync(join(DATA_DIR, 'freebusy-doctor.sqlite'))).toBe(true);
    const second = run(['chat', '--conversation', 'resume-me'], 'status\n', { DATA_DIR });
    expect(second.out).toContain('Known: the mailbox whose free/busy cannot be seen: megan.bowen@contoso.com.');
    const other = run(['chat'], 'status\n', { DATA_DIR });
    expect(other.out).toContain('Nothing yet: paste the error you see.');
  });
});

describe('freebusy-doctor tickets', () => {
  const DATA_DIR = mkdtempSync(join(tmpdir(), 'fbd-tickets-'));

  it('lists, shows and retries escalations made in the terminal chat', () => {
    const chat = run(['chat'], ['The caller does not have access to free/busy data', 'megan.bowen@contoso.com', 'escalate', 'Nobody sees Megan', 'Normal', 'Send the ticket'].join('\n'), { DATA_DIR });
    const reference = /(FBD-\d{4}-\d{6})/.exec(chat.out)?.[1] as string;
    expect(reference, chat.out).toBeDefined();
    expect(chat.out).toContain('saved in the local ticket store');

    const list = run(['tickets', 'list'], undefined, { DATA_DIR });
    expect(list.code).toBe(0);
    expect(list.out).toContain(reference);
    expect(list.out).toContain('Free/busy: The caller does not have access to free/busy data — contoso.com');
    const json = JSON.parse(run(['tickets', 'list', '--json'], undefined, { DATA_DIR }).out) as { reference: string; urgency: string }[];
    expect(json[0]).toMatchObject({ reference, urgency: 'normal' });

    const show = run(['tickets', 'show', reference], undefined, { DATA_DIR });
    expect(show.out).toContain('Nobody sees Megan');
    expect(show.out).toContain('# Transcript');
    expect(show.out).toContain('megan.bowen@contoso.com');
    const shown = JSON.parse(run(['tickets', 'show', reference, '--json'], undefined, { DATA_DIR }).out) as { document: { transcriptJson: string } };
    expect(JSON.parse(shown.document.transcriptJson).length).toBeGreaterThan(8);
    expect(existsSync(join(DATA_DIR, 'tickets', reference, 'conversation.transcript'))).toBe(true);

    const missing = run(['tickets', 'show', 'FBD-1999-000001'], undefined, { DATA_DIR });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no escalation FBD-1999-000001');
    const retry = run(['tickets', 'retry', reference], undefined, { DATA_DIR });
    expect(retry.code).toBe(0);
    expect(retry.out).toContain(`${reference}: 0 delivery(ies) requeued; now local only`);
  });
});
