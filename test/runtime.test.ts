import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { dedupe, serialize, teamsAddressed, typingWhereShown } from '../src/runtime/middleware.js';
import { TurnQueue } from '../src/runtime/turn-queue.js';
import { openDatabase } from '../src/storage/database.js';
import { SeenIds } from '../src/storage/seen-ids.js';

const slowTurn = (ms: number) => async (ctx: { sendActivity: (t: string) => Promise<unknown> }) => {
  await new Promise((r) => setTimeout(r, ms));
  await ctx.sendActivity('done');
};

async function sent(channelId: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
  const adapter = new TestAdapter(slowTurn(800) as never, { channelId });
  adapter.use(typingWhereShown());
  // Typing goes straight to the adapter (and expectReplies keeps messages in the turn): record what reaches it.
  const reached: Partial<Activity>[] = [];
  const send = adapter.sendActivities.bind(adapter);
  adapter.sendActivities = async (ctx, activities) => {
    reached.push(...activities);
    return send(ctx, activities);
  };
  await adapter.processActivity({ type: ActivityTypes.Message, text: 'slow one', ...extra });
  return reached;
}

describe('runtime middleware', () => {
  it('shows "typing…" on Teams while a slow turn works, and nowhere typing means nothing', async () => {
    const teams = await sent('msteams');
    expect(teams[0]?.type).toBe(ActivityTypes.Typing);
    expect(teams.at(-1)?.text).toBe('done');
    for (const channelId of ['slack', 'console']) expect((await sent(channelId)).map((a) => a.type)).toEqual([ActivityTypes.Message]);
    // A caller using expectReplies gets every reply at once: typing would only pad the list.
    expect((await sent('msteams', { deliveryMode: 'expectReplies' })).some((a) => a.type === ActivityTypes.Typing)).toBe(false);
  });

  it('answers one activity id once and keeps one turn at a time per conversation', async () => {
    const adapter = new TestAdapter(async (ctx) => {
      await ctx.sendActivity(`echo ${ctx.activity.text}`);
    }, { channelId: 'msteams' });
    adapter.use(dedupe(new SeenIds(openDatabase(':memory:')))).use(serialize(new TurnQueue()));
    await adapter.processActivity({ type: ActivityTypes.Message, id: 'same', text: 'one' });
    await adapter.processActivity({ type: ActivityTypes.Message, id: 'same', text: 'one again' });
    await adapter.processActivity({ type: ActivityTypes.Message, id: 'other', text: 'two' });
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['echo one', 'echo two']);
  });

  it('in a Teams channel, takes a message that mentions the bot or continues a known thread, and drops the rest', async () => {
    const known = new Set(['19:c@thread.tacv2;messageid=1']);
    const adapter = new TestAdapter(async (ctx) => {
      await ctx.sendActivity(`seen ${ctx.activity.text}`);
    }, { channelId: 'msteams' });
    adapter.use(teamsAddressed(async (ctx) => known.has(ctx.activity.conversation.id)));
    const inChannel = (id: string, text: string, entities: Activity['entities'] = []) =>
      adapter.processActivity({ type: ActivityTypes.Message, text, entities, conversation: { id, conversationType: 'channel', isGroup: true, name: '' } });
    await inChannel('19:c@thread.tacv2;messageid=1', 'in a known thread');
    await inChannel('19:c@thread.tacv2;messageid=2', 'chatter');
    await inChannel('19:c@thread.tacv2;messageid=3', '<at>bot</at> hello', [{ type: 'mention', mentioned: { id: 'bot', name: 'Bot' }, text: '<at>bot</at>' }]);
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['seen in a known thread', 'seen <at>bot</at> hello']);
  });
});
