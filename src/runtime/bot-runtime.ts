/**
 * The bot core as every channel meets it: the knowledge, one FreeBusyBot over one storage,
 * and the middleware each adapter must run. Teams, Slack and the terminal each attach their
 * adapter here, so they share conversations' rules (dedupe, one turn at a time) and state.
 */
import { ActivityTypes, ConversationState, type BotAdapter, type Storage, type TurnContext } from 'botbuilder';
import { FreeBusyBot } from '../../dialogs/bot.js';
import { Walker } from '../walk/engine.js';
import type { SeenIds } from '../storage/seen-ids.js';
import type { Knowledge } from './load-knowledge.js';
import { dedupe, serialize, teamsAddressed, teamsInput, typingWhereShown } from './middleware.js';
import { TurnQueue } from './turn-queue.js';

export interface RuntimeOptions extends Knowledge {
  storage: Storage;
  seen: SeenIds;
  /** Where failures of a turn are reported; the admin gets a short apology either way. */
  log?: (message: string) => void;
}

export class BotRuntime {
  readonly bot: FreeBusyBot;
  readonly queue = new TurnQueue();
  readonly conversationState: ConversationState;
  readonly logic = (ctx: TurnContext): Promise<void> => this.bot.run(ctx);

  constructor(private readonly options: RuntimeOptions) {
    this.conversationState = new ConversationState(options.storage);
    this.bot = new FreeBusyBot(this.conversationState, new Walker(options.kb, options.classifier));
  }

  get knowledge(): Knowledge {
    return { kb: this.options.kb, classifier: this.options.classifier };
  }

  /** Whether this conversation (a Teams thread, a Slack thread) already has state: the bot is part of it. */
  async hasConversation(ctx: TurnContext): Promise<boolean> {
    const key = this.conversationState.getStorageKey(ctx);
    return key !== undefined && Object.keys(await this.options.storage.read([key])).length > 0;
  }

  /** Gives a channel's adapter the shared middleware and error handling. */
  attach<A extends BotAdapter>(adapter: A): A {
    adapter
      .use(dedupe(this.options.seen))
      .use(teamsAddressed((ctx) => this.hasConversation(ctx)))
      .use(serialize(this.queue))
      .use(teamsInput())
      .use(typingWhereShown());
    adapter.onTurnError = async (ctx, err) => {
      const a = ctx.activity;
      this.options.log?.(`turn failed in ${a.channelId}/${a.conversation?.id ?? '?'}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      // The conversation's state is kept: one failed turn must not lose a walk in progress.
      if (a.type === ActivityTypes.Message) {
        await ctx.sendActivity('Something went wrong on my side while reading that. Please send it again; if it keeps happening, type **start over** or **escalate**.').catch(() => undefined);
      }
    };
    return adapter;
  }
}
