import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Chat, sharedWalker } from './helpers/chat.js';
import type { Story } from './stories/types.js';

const dir = join(import.meta.dirname, 'stories');
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'types.ts');
const all: Story[] = [];
for (const f of modules) all.push(...((await import(`./stories/${f.replace(/\.ts$/, '.js')}`)) as { stories: Story[] }).stories);

async function caseOf(chat: Chat) {
  const status = await chat.say('status');
  return status;
}

describe('conversation stories (one walk per knowledge entry, with branches taken on pasted values)', () => {
  for (const story of all) {
    it(`${story.errorId}: ${story.name}`, async () => {
      const chat = new Chat();
      for (const [user, expectations] of story.turns) {
        const reply = await chat.say(user);
        for (const e of expectations) {
          if (typeof e === 'string') expect(reply, `after “${user.slice(0, 60)}”`).toContain(e);
          else expect(reply, `after “${user.slice(0, 60)}”`).toMatch(e);
        }
      }
      const status = await caseOf(chat);
      expect(status).toContain(`(${story.errorId})`);
      if (story.ends === 'resolved') expect(status).toContain('Resolved by');
      if (story.ends === 'escalated') expect(status).toContain('Escalated');
    });
  }

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
