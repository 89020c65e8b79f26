/**
 * A conversation with the real bot core in a botbuilder TestAdapter: each `say` runs one turn
 * and returns everything the bot sent, as text (choices included), for content assertions.
 */
import { ConversationState, MemoryStorage, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { FreeBusyBot } from '../../dialogs/bot.js';
import { ErrorClassifier } from '../../src/classifier/classify.js';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.js';
import { Walker } from '../../src/walk/engine.js';

let shared: { kb: KnowledgeBase; walker: Walker } | undefined;

/** One knowledge base and classifier for all conversations of a test file. */
export function sharedWalker(): { kb: KnowledgeBase; walker: Walker } {
  if (!shared) {
    const kb = loadKnowledge();
    shared = { kb, walker: new Walker(kb, ErrorClassifier.fromKnowledge(kb)) };
  }
  return shared;
}

function render(a: Partial<Activity>): string {
  const parts: string[] = [];
  if (a.text) parts.push(a.text);
  for (const att of a.attachments ?? []) {
    const content = att.content as { text?: string; buttons?: { title?: string; value?: unknown }[] } | undefined;
    if (content?.text) parts.push(content.text);
    for (const b of content?.buttons ?? []) parts.push(`[${b.title ?? String(b.value)}]`);
  }
  for (const s of a.suggestedActions?.actions ?? []) parts.push(`[${s.title}]`);
  return parts.join('\n');
}

export class Chat {
  readonly adapter: TestAdapter;
  readonly bot: FreeBusyBot;
  readonly storage: Storage;

  constructor(options: { storage?: Storage; channelId?: string; conversationId?: string } = {}) {
    const { walker } = sharedWalker();
    this.storage = options.storage ?? new MemoryStorage();
    this.bot = new FreeBusyBot(new ConversationState(this.storage), walker);
    this.adapter = new TestAdapter(async (ctx) => this.bot.run(ctx), {
      channelId: options.channelId ?? 'msteams',
      conversation: { id: options.conversationId ?? 'conv-1', isGroup: false, conversationType: 'personal', name: 'test' },
    });
  }

  /** One user message; the bot's replies of that turn as one text. */
  async say(text: string): Promise<string> {
    await this.adapter.receiveActivity(text);
    const out: string[] = [];
    for (let a = this.adapter.getNextReply(); a; a = this.adapter.getNextReply()) if (a.type === 'message') out.push(render(a));
    return out.join('\n---\n');
  }
}
