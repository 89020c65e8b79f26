/**
 * The bot core every channel calls: one turn in, the conversation's case and dialog stack read
 * from storage, the diagnosis dialog continued or begun, state saved once at the end.
 */
import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { teamsWelcome } from '../src/channels/teams/welcome.js';
import { newCase, type CaseFile } from '../src/walk/case.js';
import { HELP_TEXT, Walker, type Reply } from '../src/walk/engine.js';
import type { EscalationDesk } from './escalation-desk.js';
import { commandOf, DIALOG_IDS, DiagnosisDialog } from './diagnosis-dialog.js';

export class FreeBusyBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly cases: StatePropertyAccessor<CaseFile>;
  /** Whether this conversation had its welcome: an install announces itself more than once. */
  private readonly welcomed: StatePropertyAccessor<boolean>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly walker: Walker,
    desk?: EscalationDesk,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.cases = conversationState.createProperty<CaseFile>('case');
    this.welcomed = conversationState.createProperty<boolean>('welcomed');
    this.dialogs = new DialogSet(this.dialogState).add(new DiagnosisDialog(walker, this.cases, desk));
    this.onMessage(async (ctx, next) => {
      await this.converse(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const a = ctx.activity;
      const added = a.membersAdded ?? [];
      // Teams names the bot itself among the members added when the app is installed (personal
      // chat, team, group chat); users who join a team later get no channel-wide greeting.
      // Elsewhere (the Emulator, Web Chat) the user joining the conversation is the cue.
      const install = a.channelId === 'msteams' ? added.some((m) => m.id === a.recipient.id) : added.some((m) => m.id !== a.recipient.id);
      if (install) await this.welcome(ctx);
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      if ((ctx.activity.membersRemoved ?? []).some((m) => m.id === ctx.activity.recipient.id)) await this.welcomed.delete(ctx);
      await next();
    });
    // Teams also sends installationUpdate for an install: with the conversationUpdate above, one welcome.
    this.onInstallationUpdate(async (ctx, next) => {
      if (ctx.activity.action === 'add') await this.welcome(ctx);
      if (ctx.activity.action === 'remove') await this.welcomed.delete(ctx);
      await next();
    });
  }

  override async run(ctx: TurnContext): Promise<void> {
    await super.run(ctx);
    await this.conversationState.saveChanges(ctx, false);
  }

  /** One welcome per conversation (until the bot is removed from it). */
  private async welcome(ctx: TurnContext): Promise<void> {
    if (await this.welcomed.get(ctx, false)) return;
    await this.welcomed.set(ctx, true);
    const a = ctx.activity;
    await ctx.sendActivity(a.channelId === 'msteams' ? teamsWelcome(a.conversation?.conversationType) : this.walker.start().reply.say.join('\n\n'));
  }

  private async converse(ctx: TurnContext): Promise<void> {
    const stored = await this.cases.get(ctx);
    if (stored && !Walker.isCurrent(stored)) {
      // A conversation saved by an older flow: its stack and case may not fit this code.
      await this.reset(ctx);
      await ctx.sendActivity('I was updated since we last spoke, so I can’t resume that conversation safely. Let’s start over: paste the error you see.');
      return;
    }
    try {
      const dc = await this.dialogs.createContext(ctx);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await this.begin(ctx);
    } catch (err) {
      if (!/wasn't found|was not found|Can't continue dialog/i.test(String((err as Error).message))) throw err;
      await this.reset(ctx);
      await ctx.sendActivity('I lost track of our conversation after an update. Let’s start over: paste the error you see.');
    }
  }

  /** The first message usually is the error itself; greet only when it is not. */
  private async begin(ctx: TurnContext): Promise<void> {
    const text = (ctx.activity.text ?? '').trim();
    const dc = await this.dialogs.createContext(ctx);
    const c = newCase();
    await this.cases.set(ctx, c);
    const command = commandOf(text);
    const greeting = /^(hi|hello|hey|hallo|good (morning|afternoon|evening)|start)\b[\s!.]*$/i.test(text) || text === '' || command !== undefined;
    // help and status mean the same in a new conversation as in any other; other commands greet.
    const reply: Reply =
      command === 'help' || command === 'status'
        ? { say: [command === 'help' ? HELP_TEXT : this.walker.status(c)], expect: { type: 'error' } }
        : greeting
          ? this.walker.start().reply
          : this.walker.triage(c, text);
    await dc.beginDialog(DIALOG_IDS.root, { reply });
  }

  private async reset(ctx: TurnContext): Promise<void> {
    await this.dialogState.delete(ctx);
    await this.cases.set(ctx, newCase());
  }
}
