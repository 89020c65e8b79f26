/**
 * The terminal as a channel: each message typed (or piped) becomes one turn of the same bot
 * core Teams and Slack use. Replies print as text; choices arrive numbered (botbuilder renders
 * them inline for an unknown channel), and typing the number answers them.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** Markdown meant for chat clients, made readable in a terminal. */
export function forTerminal(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/^```[a-z]*\n?|```$/gm, '');
}

export class ConsoleAdapter extends BotAdapter {
  private readonly reference: Partial<ConversationReference>;

  constructor(
    private readonly write: (text: string) => void,
    conversationId = 'console',
  ) {
    super();
    this.reference = {
      channelId: 'console',
      serviceUrl: 'console',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'terminal' },
      user: { id: 'admin', name: 'admin' },
      bot: { id: 'freebusy-doctor', name: 'FreeBusy Doctor' },
    };
  }

  /** One message from the terminal, run through the middleware and the bot. */
  async receive(text: string, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Message, id: randomUUID(), text, timestamp: new Date(), from: this.reference.user, recipient: this.reference.bot },
      this.reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(_ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) {
      // Typing indicators and traces mean nothing in a terminal.
      if (a.type === ActivityTypes.Message && a.text) this.write(forTerminal(a.text));
    }
    return activities.map(() => ({ id: randomUUID() }));
  }

  override async updateActivity(): Promise<void> {
    // A terminal cannot edit what it printed.
  }

  override async deleteActivity(): Promise<void> {
    // Nor delete it.
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
