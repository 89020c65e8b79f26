import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { Chat } from './helpers/chat.js';

const NFBA = 'Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: The caller does not have access to free/busy data.';
const PERMISSIONS_OK = `FolderName  User       AccessRights
----------  ----       ------------
Calendar    Default    {AvailabilityOnly}`;

/** A chat brought to each kind of step of the no-free-busy-access walk. */
async function at(kind: 'error' | 'variable' | 'paste' | 'choice' | 'fix'): Promise<Chat> {
  const chat = new Chat();
  if (kind === 'error') {
    await chat.say('hello');
    return chat;
  }
  await chat.say(NFBA);
  if (kind === 'variable') return chat;
  await chat.say('megan.bowen@contoso.com');
  if (kind === 'paste') return chat;
  if (kind === 'choice') {
    await chat.say(PERMISSIONS_OK);
    return chat;
  }
  await chat.say(PERMISSIONS_OK.replace('AvailabilityOnly', 'None'));
  return chat;
}

const KINDS = ['error', 'variable', 'paste', 'choice', 'fix'] as const;

describe('global commands work at every kind of step', () => {
  for (const kind of KINDS) {
    it(`help at a ${kind} step explains and asks the same question again`, async () => {
      const chat = await at(kind);
      const reply = await chat.say('help');
      expect(reply).toContain('Commands that work at any point');
      if (kind === 'paste') expect(reply).toContain('Get-MailboxFolderPermission');
      if (kind === 'variable') expect(reply).toContain('Whose calendar');
      if (kind === 'fix') expect(reply).toContain('Did this fix it?');
    });

    it(`status at a ${kind} step says where we are`, async () => {
      const chat = await at(kind);
      const reply = await chat.say('status');
      if (kind === 'error') expect(reply).toMatch(/Nothing yet|No error recognised/);
      else expect(reply).toContain('(no-free-busy-access)');
      if (kind === 'choice') expect(reply).toMatch(/Findings: .*AvailabilityOnly/);
    });

    it(`start over at a ${kind} step forgets the case`, async () => {
      const chat = await at(kind);
      expect(await chat.say('start over')).toContain('Starting over');
      expect(await chat.say('status')).toMatch(/Nothing yet/);
    });

    it(`escalate at a ${kind} step hands over a summary`, async () => {
      const chat = await at(kind);
      const reply = await chat.say('escalate');
      expect(reply).toContain('Escalation');
      expect(reply).toContain('The admin asked to escalate.');
      if (kind !== 'error') expect(reply).toContain('The caller does not have access to free/busy data');
    });
  }

  it('back returns to the previous step and asks it again', async () => {
    const chat = await at('choice');
    const reply = await chat.say('back');
    expect(reply).toContain('Back to the previous step');
    expect(reply).toContain('Get-MailboxFolderPermission');
  });

  it('skip moves on from a step the admin cannot run', async () => {
    const chat = await at('paste');
    const reply = await chat.say("I can't run this");
    expect(reply).toContain('Skipped');
    expect(reply).toContain('Who is looking up whom?');
  });
});

describe('the walk reads what is pasted', () => {
  it('says specifically what is wrong with the wrong cmdlet’s output and asks again', async () => {
    const chat = await at('paste');
    const reply = await chat.say('[PS] C:\\>Get-Mailbox megan | fl Name,ImmutableId\n\nName        : Megan Bowen\nImmutableId :');
    expect(reply).toContain('output of `Get-Mailbox`');
    expect(reply).toContain('Get-MailboxFolderPermission');
  });

  it('asks again for output without the fields it needs, and offers skip after two misses', async () => {
    const chat = await at('paste');
    expect(await chat.say('it says access denied or something')).toContain('I can’t find User, AccessRights');
    expect(await chat.say('no idea')).toContain('say **skip**');
  });

  it('validates a value it asks for', async () => {
    const chat = await at('variable');
    expect(await chat.say('not an address')).toContain('doesn’t look like');
  });
});

describe('re-triage and persistence', () => {
  it('switches to a new error pasted in the middle of a walk', async () => {
    const chat = await at('paste');
    const reply = await chat.say('Failed to get ASURL. Error 8004010F');
    expect(reply).toContain('different error');
    expect(reply).toContain('Failed to get ASURL');
    expect(await chat.say('status')).toContain('(asurl-8004010f)');
  });

  it('resumes a conversation at its step after a restart (a new bot over the same storage)', async () => {
    const storage = new MemoryStorage();
    const first = new Chat({ storage });
    await first.say(NFBA);
    await first.say('megan.bowen@contoso.com');
    const second = new Chat({ storage });
    const reply = await second.say(PERMISSIONS_OK);
    expect(reply).toContain('AvailabilityOnly');
    expect(reply).toContain('Who is looking up whom?');
  });

  it('starts over politely when the stored conversation comes from an older flow', async () => {
    const storage = new MemoryStorage();
    const first = new Chat({ storage });
    await first.say(NFBA);
    const data = await storage.read(['msteams/conversations/conv-1/']);
    const key = Object.keys(data)[0] as string;
    const stored = data[key] as { case: { flowVersion: number } };
    stored.case.flowVersion = 0;
    await storage.write({ [key]: { ...stored, eTag: '*' } });
    const second = new Chat({ storage });
    expect(await second.say('megan.bowen@contoso.com')).toContain('I was updated since we last spoke');
    expect(await second.say(NFBA)).toContain('The caller does not have access to free/busy data');
  });
});
