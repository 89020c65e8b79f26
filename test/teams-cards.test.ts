import { ConversationState, MemoryStorage, TestAdapter, type Activity, type Attachment } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { FreeBusyBot } from '../dialogs/bot.js';
import { shortenText, withSummaryCard } from '../src/channels/teams/cards.js';
import {
  CARD_CONTENT_TYPE,
  CARD_ELEMENT_TYPES,
  TEAMS_MESSAGE_LIMIT,
  summaryCard,
  utf8Bytes,
  type AdaptiveCard,
  type CardElement,
  type Fact,
} from '../src/channels/teams/summary-card.js';
import { newCase, type CaseFile } from '../src/walk/case.js';
import { Chat, sharedWalker } from './helpers/chat.js';
import { stories as autodiscover404 } from './stories/autodiscover-404-not-found.js';

const NFBA = 'Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: The caller does not have access to free/busy data.';
const PERMISSIONS_NONE = `FolderName  User       AccessRights
----------  ----       ------------
Calendar    Default    {None}`;
const MAILBOX = 'megan.bowen@contoso.com';

/** One turn; the messages the bot sent, as activities. */
async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  await adapter.receiveActivity(activity);
  const out: Partial<Activity>[] = [];
  for (let a = adapter.getNextReply(); a; a = adapter.getNextReply()) if (a.type === 'message') out.push(a);
  return out;
}

function cardsOf(messages: Partial<Activity>[]): { message: Partial<Activity>; card: AdaptiveCard }[] {
  return messages.flatMap((message) =>
    (message.attachments ?? []).filter((a: Attachment) => a.contentType === CARD_CONTENT_TYPE).map((a) => ({ message, card: a.content as AdaptiveCard })),
  );
}

function elements(body: CardElement[]): CardElement[] {
  return body.flatMap((e) => (e.type === 'Container' ? [e, ...elements(e.items)] : [e]));
}

function factsOf(card: AdaptiveCard): Fact[] {
  return elements(card.body).flatMap((e) => (e.type === 'FactSet' ? e.facts : []));
}

function textOf(card: AdaptiveCard): string {
  return elements(card.body)
    .map((e) => (e.type === 'TextBlock' ? e.text : e.type === 'FactSet' ? e.facts.map((f) => `${f.title}: ${f.value}`).join('\n') : ''))
    .join('\n');
}

/** The shape Teams needs: an Adaptive Card 1.5 whose every element is one of the types used. */
function expectValidCard(card: AdaptiveCard): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(Array.isArray(card.body)).toBe(true);
  expect(card.body.length).toBeGreaterThan(0);
  for (const e of elements(card.body)) {
    expect(CARD_ELEMENT_TYPES).toContain(e.type);
    if (e.type === 'TextBlock') expect(typeof e.text).toBe('string');
    if (e.type === 'FactSet') for (const f of e.facts) expect(f.title && f.value, JSON.stringify(f)).toBeTruthy();
    if (e.type === 'Container') expect(Array.isArray(e.items)).toBe(true);
  }
}

/** A chat two steps into the no-free-busy-access walk, at its fix. */
async function atFix(channelId: string): Promise<Chat> {
  const chat = new Chat({ channelId });
  await chat.say(NFBA);
  await chat.say(MAILBOX);
  await chat.say(PERMISSIONS_NONE);
  return chat;
}

describe('case summaries as Adaptive Cards on Teams', () => {
  it('status after a few steps carries a valid 1.5 card with the recognised error and the known values, beside the same text', async () => {
    const chat = await atFix('msteams');
    const messages = await turn(chat.adapter, 'status');
    const cards = cardsOf(messages);
    expect(cards).toHaveLength(1);
    const { message, card } = cards[0] as { message: Partial<Activity>; card: AdaptiveCard };
    expectValidCard(card);
    expect(message.text).toContain('Error: **');
    expect(message.text).toContain('(no-free-busy-access)');
    const facts = factsOf(card);
    expect(facts).toContainEqual({ title: 'Error', value: 'no-free-busy-access' });
    expect(facts.find((f) => f.title === 'Recognised as')?.value).toMatch(/match/);
    expect(facts.find((f) => f.value === MAILBOX)?.title).toMatch(/mailbox/i);
    const text = textOf(card);
    expect(text).toContain('Steps taken (1)');
    expect(text).toMatch(/1\. .+ — .*None/);
    expect(text).toMatch(/Findings \(\d\)\r?\n- .*AccessRights None/);
    expect(text).toContain('**Now at:**');
    // The prompt that was open is asked again after the summary (on Teams as a hero card).
    expect(JSON.stringify(messages.at(-1))).toContain('Did this fix it?');
  });

  it('the resolved summary carries a card that says what fixed it', async () => {
    const chat = await atFix('msteams');
    const messages = await turn(chat.adapter, 'Yes, it works now');
    const cards = cardsOf(messages);
    expect(cards).toHaveLength(1);
    const { message, card } = cards[0] as { message: Partial<Activity>; card: AdaptiveCard };
    expectValidCard(card);
    expect(message.text).toContain('Great, fixed. **Summary**');
    expect(textOf(card)).toMatch(/\*\*Resolved by:\*\* .+/);
    expect(textOf(card)).toContain('Steps taken (2)');
  });

  it('the escalation handover carries a card, also when a walk reaches an escalation step', async () => {
    const chat = await atFix('msteams');
    const confirm = async (adapter: typeof chat.adapter) => {
      for (const answer of ['skip', 'Normal']) await turn(adapter, answer);
      return cardsOf(await turn(adapter, 'Send the ticket'));
    };
    expect(cardsOf(await turn(chat.adapter, 'escalate'))).toHaveLength(0);
    const asked = await confirm(chat.adapter);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message.text).toContain('(no-free-busy-access)');
    expect(textOf(asked[0]?.card as AdaptiveCard)).toContain('**Escalated:** The admin asked to escalate.');

    const story = autodiscover404.find((s) => s.ends === 'escalated');
    expect(story).toBeDefined();
    const walk = new Chat({ channelId: 'msteams', conversationId: 'walk-escalates' });
    let last: Partial<Activity>[] = [];
    for (const [said] of story?.turns ?? []) last = await turn(walk.adapter, said);
    expect(cardsOf(last)).toHaveLength(0);
    const cards = await confirm(walk.adapter);
    expect(cards).toHaveLength(1);
    expectValidCard(cards[0]?.card as AdaptiveCard);
    expect(textOf(cards[0]?.card as AdaptiveCard)).toContain('**Escalated:**');
    expect(cards[0]?.message.text).toContain('(autodiscover-404-not-found)');
  });

  it('the Emulator shows the cards too', async () => {
    const chat = await atFix('emulator');
    expect(cardsOf(await turn(chat.adapter, 'status'))).toHaveLength(1);
  });

  for (const channelId of ['slack', 'console']) {
    it(`${channelId} gets plain text: no card on status, resolved or escalation`, async () => {
      const chat = await atFix(channelId);
      const status = await turn(chat.adapter, 'status');
      expect(status.map((m) => m.text).join('\n')).toContain('(no-free-busy-access)');
      expect(cardsOf(status)).toHaveLength(0);
      const resolved = await turn(chat.adapter, 'Yes, it works now');
      expect(resolved.map((m) => m.text).join('\n')).toContain('Great, fixed');
      expect(cardsOf(resolved)).toHaveLength(0);
      const escalated = await turn(chat.adapter, 'escalate');
      expect(escalated.map((m) => m.text).join('\n')).toContain('Escalation');
      expect(cardsOf(escalated)).toHaveLength(0);
    });
  }

  it('an empty case gets its status as text only', async () => {
    const chat = new Chat({ channelId: 'msteams' });
    await chat.say('hello');
    const messages = await turn(chat.adapter, 'status');
    expect(messages[0]?.text).toMatch(/Nothing yet/);
    expect(cardsOf(messages)).toHaveLength(0);
  });
});

describe('card size', () => {
  /** A case at the caps a case keeps: 200 long steps and 200 long findings, every variable known. */
  function hugeCase(): CaseFile {
    const { kb } = sharedWalker();
    const c = newCase(`${NFBA} `.repeat(200));
    c.errorId = 'no-free-busy-access';
    c.phase = 'walk';
    c.recognition = { decision: 'match', score: 1.5, candidates: ['no-free-busy-access'] };
    const entry = kb.byId.get('no-free-busy-access');
    c.stepId = entry?.procedure.start;
    for (const v of kb.variables.values()) c.vars[v.name] = `${v.example} ${'x'.repeat(400)}`;
    for (let i = 0; i < 200; i++) {
      c.history.push({ errorId: c.errorId, stepId: `step-${i}`, title: `Check ${i} ${'t'.repeat(150)}`, outcome: `outcome ${i} ${'ö'.repeat(300)}`, at: '2026-01-01T00:00:00.000Z' });
      c.findings.push({ errorId: c.errorId, stepId: `step-${i}`, text: `finding ${i} ${'f'.repeat(500)}` });
    }
    return c;
  }

  it('a case of 200 steps makes a card under 28 KB that says how many steps it leaves out, the same every time', () => {
    const { kb } = sharedWalker();
    const c = hugeCase();
    const card = summaryCard(c, kb);
    expectValidCard(card);
    expect(utf8Bytes(card)).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    const text = textOf(card);
    expect(text).toContain('Steps taken (200)');
    expect(text).toMatch(/… and 1\d\d more steps/);
    expect(text).toMatch(/… and 1\d\d more findings/);
    expect(JSON.stringify(summaryCard(c, kb))).toBe(JSON.stringify(card));
  });

  it('the whole Teams message (its status text and the card) stays under 28 KB', () => {
    const { kb, walker } = sharedWalker();
    const c = hugeCase();
    const text = walker.status(c);
    expect(utf8Bytes(text)).toBeGreaterThan(TEAMS_MESSAGE_LIMIT);
    const message = withSummaryCard({ type: 'message', text }, 'msteams', c, kb);
    expect(message.attachments).toHaveLength(1);
    expect(utf8Bytes(message)).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    expect(message.text).toContain('shortened to fit one Teams message');
    // Only Teams has the limit: elsewhere the text stays whole.
    expect(withSummaryCard({ type: 'message', text }, 'emulator', c, kb).text).toBe(text);
  });

  it('shortens text at a line boundary, and within a line when it must', () => {
    expect(shortenText('short', 100)).toBe('short');
    const cut = shortenText(`${'a'.repeat(50)}\n${'b'.repeat(200)}`, 150);
    expect(cut.startsWith(`${'a'.repeat(50)}\n…`)).toBe(true);
    expect(utf8Bytes(shortenText('ä'.repeat(500), 120))).toBeLessThanOrEqual(120);
  });
});

describe('welcome when installed in Teams', () => {
  const BOT = { id: 'bot', name: 'Bot' };

  function teamsChat(conversationType: 'personal' | 'channel' | 'groupChat', id = `conv-${conversationType}`): TestAdapter {
    const { walker } = sharedWalker();
    const bot = new FreeBusyBot(new ConversationState(new MemoryStorage()), walker);
    return new TestAdapter(async (ctx) => bot.run(ctx), {
      channelId: 'msteams',
      conversation: { id, isGroup: conversationType !== 'personal', conversationType, name: 'test' },
    });
  }

  const added = (...ids: string[]): Partial<Activity> => ({ type: 'conversationUpdate', membersAdded: ids.map((id) => ({ id, name: id })) });
  const installation = (action: string): Partial<Activity> => ({ type: 'installationUpdate', action });

  it('greets once when the bot is added, not again for the install event, nor for users who join later', async () => {
    const adapter = teamsChat('channel');
    const first = await turn(adapter, added(BOT.id));
    expect(first).toHaveLength(1);
    const text = first[0]?.text ?? '';
    for (const command of ['help', 'status', 'back', 'skip', 'start over', 'escalate']) expect(text).toContain(`**${command}**`);
    expect(text).toContain('code block');
    expect(text).toContain('thread');
    expect(text).toContain('free/busy');
    expect(await turn(adapter, installation('add'))).toHaveLength(0);
    expect(await turn(adapter, added('29:new-user'))).toHaveLength(0);
    expect(await turn(adapter, added('29:another-user', '29:third-user'))).toHaveLength(0);
  });

  it('installationUpdate add greets, and the conversationUpdate of the same install does not greet again', async () => {
    const adapter = teamsChat('personal');
    const first = await turn(adapter, installation('add'));
    expect(first).toHaveLength(1);
    expect(first[0]?.text).toContain('FreeBusy Doctor');
    expect(first[0]?.text).toContain('code block');
    expect(await turn(adapter, added(BOT.id, '29:user'))).toHaveLength(0);
    expect(await turn(adapter, installation('add-upgrade'))).toHaveLength(0);
  });

  it('greets again after the app was removed and installed again', async () => {
    const adapter = teamsChat('groupChat');
    expect(await turn(adapter, installation('add'))).toHaveLength(1);
    expect(await turn(adapter, installation('remove'))).toHaveLength(0);
    expect(await turn(adapter, installation('add'))).toHaveLength(1);
  });

  it('a user joining a Teams conversation the bot is already in gets no greeting', async () => {
    const adapter = teamsChat('groupChat', 'conv-users-only');
    expect(await turn(adapter, added('29:user'))).toHaveLength(0);
  });

  it('the Emulator greets the user once, as before', async () => {
    const chat = new Chat({ channelId: 'emulator' });
    const first = await turn(chat.adapter, added('user1', BOT.id));
    expect(first).toHaveLength(1);
    expect(first[0]?.text).toContain('Paste the free/busy error you see');
    expect(await turn(chat.adapter, added('user1'))).toHaveLength(0);
  });
});

describe('a command as the first message of a conversation', () => {
  it('status and help are served, not answered with the greeting', async () => {
    expect(await new Chat({ conversationId: 'first-status' }).say('status')).toContain('Nothing yet: paste the error you see.');
    expect(await new Chat({ conversationId: 'first-help' }).say('help')).toContain('Commands that work at any point');
    expect(await new Chat({ conversationId: 'first-back' }).say('back')).toContain('Paste the free/busy error you see');
  });
});
