import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Chat, sharedWalker } from './helpers/chat.js';
import type { Story } from './stories/types.js';

const dir = join(import.meta.dirname, 'stories');
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'types.ts' && f !== 'outputs.ts');
const all: Story[] = [];
const knownFailures: Story[] = [];
for (const f of modules) {
  const m = (await import(`./stories/${f.replace(/\.ts$/, '.js')}`)) as { stories: Story[]; knownFailures?: Story[] };
  all.push(...m.stories);
  knownFailures.push(...(m.knownFailures ?? []));
}

async function caseOf(chat: Chat) {
  const status = await chat.say('status');
  return status;
}

async function play(story: Story): Promise<void> {
  const chat = new Chat();
  for (const [user, expectations] of story.turns) {
    const reply = await chat.say(user);
    for (const e of expectations) {
      if (typeof e === 'string') expect(reply, `after “${user.slice(0, 60)}”`).toContain(e);
      else expect(reply, `after “${user.slice(0, 60)}”`).toMatch(e);
    }
  }
  if (story.ends === 'escalated') {
    // A walk that escalates prepares the ticket: description, urgency, preview, confirm.
    expect(await chat.say('skip')).toContain('How urgent is it?');
    expect(await chat.say('Normal')).toContain('Here is what I will send:');
    expect(await chat.say('Send the ticket')).toContain('Escalated');
  }
  const status = await caseOf(chat);
  expect(status).toContain(`(${story.errorId})`);
  if (story.ends === 'resolved') expect(status).toContain('Resolved by');
  if (story.ends === 'escalated') expect(status).toContain('Escalated');
}

describe('conversation stories (one walk per knowledge entry, with branches taken on pasted values)', () => {
  for (const story of all) it(`${story.errorId}: ${story.name}`, () => play(story));
  // Stories the engine cannot pass yet must keep failing: one that starts to pass turns red here and moves to `stories`.
  for (const story of knownFailures) it.fails(`known failure, ${story.errorId}: ${story.name}`, () => play(story));

  it('covers every knowledge entry: a walk to its end (fixed where the entry has fixes) and a branch on a pasted value', () => {
    const { kb } = sharedWalker();
    const problems: string[] = [];
    for (const e of kb.entries) {
      const mine = all.filter((s) => s.errorId === e.id);
      const hasFix = e.procedure.steps.some((s) => s.kind === 'fix');
      if (!mine.some((s) => s.ends === (hasFix ? 'resolved' : 'escalated') || (!hasFix && s.ends === 'ended'))) problems.push(`${e.id}: no story that ends ${hasFix ? 'resolved' : 'escalated or ended'}`);
      const readsOutput = e.procedure.steps.some((s) => s.kind === 'run');
      if (readsOutput && !mine.some((s) => s.branchOnPaste)) problems.push(`${e.id}: no story that branches on a pasted value`);
    }
    expect(problems).toEqual([]);
  });
});
