/**
 * The bot core as every channel meets it: the knowledge, one FreeBusyBot over one storage,
 * and the middleware each adapter must run. Teams, Slack and the terminal each attach their
 * adapter here, so they share conversations' rules (dedupe, one turn at a time) and state.
 */
import { ActivityTypes, ConversationState, type BotAdapter, type ConversationReference, type Storage, type TurnContext } from 'botbuilder';

export type Sender = (reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>) => Promise<void>;
import { FreeBusyBot } from '../../dialogs/bot.js';
import { Walker } from '../walk/engine.js';
import type { EscalationDesk } from '../../dialogs/escalation-desk.js';
import { DEFAULT_REDACTION_OPTIONS, type RedactionOptions } from '../escalation/redact.js';
import { transcriptLogger } from '../escalation/transcript-logger.js';
import type { TranscriptStore } from '../escalation/transcript-store.js';
import type { SeenIds } from '../storage/seen-ids.js';
import type { Knowledge } from './load-knowledge.js';
import { dedupe, serialize, teamsAddressed, teamsCardLead, teamsInput, typingWhereShown } from './middleware.js';
import { TurnQueue } from './turn-queue.js';

export interface RuntimeOptions extends Knowledge {
  storage: Storage;
  seen: SeenIds;
  /** Where every message is kept (redacted) for escalations; none in dialog-only tests. */
  transcripts?: TranscriptStore;
  redaction?: RedactionOptions;
  desk?: EscalationDesk;
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
    this.bot = new FreeBusyBot(this.conversationState, new Walker(options.kb, options.classifier), options.desk);
  }

  private readonly senders = new Map<string, Sender>();
  private fallbackSender?: Sender;

  /**
   * How a proactive message reaches a channel (a ticket key posted after the turn): each adapter
   * registers for its channels; the Bot Framework adapter takes every channel nobody claimed.
   */
  registerSender(channels: string[] | '*', sender: Sender): void {
    if (channels === '*') this.fallbackSender = sender;
    else for (const c of channels) this.senders.set(c, sender);
  }

  /** Posts a message into an existing conversation (thread) outside any turn. */
  async proactive(reference: Partial<ConversationReference>, text: string): Promise<void> {
    const sender = this.senders.get(reference.channelId ?? '') ?? this.fallbackSender;
    if (!sender) throw new Error(`no adapter in this process reaches channel ${reference.channelId ?? '?'}`);
    await sender(reference, async (ctx) => {
      await ctx.sendActivity(text);
    });
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
      .use(teamsInput());
    // The transcript sees replies before Teams' one-line lead replaces a summary's text.
    if (this.options.transcripts) adapter.use(transcriptLogger(this.options.transcripts, this.options.redaction ?? DEFAULT_REDACTION_OPTIONS));
    adapter.use(teamsCardLead()).use(typingWhereShown());
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
