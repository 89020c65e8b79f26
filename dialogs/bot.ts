/**
 * The bot core every channel calls: one turn in, the conversation's case and dialog stack read
 * from storage, the diagnosis dialog continued or begun, state saved once at the end.
 */
import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { newCase, type CaseFile } from '../src/walk/case.js';
import { Walker } from '../src/walk/engine.js';
import { commandOf, DIALOG_IDS, DiagnosisDialog } from './diagnosis-dialog.js';

export class FreeBusyBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly cases: StatePropertyAccessor<CaseFile>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly walker: Walker,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.cases = conversationState.createProperty<CaseFile>('case');
    this.dialogs = new DialogSet(this.dialogState).add(new DiagnosisDialog(walker, this.cases));
    this.onMessage(async (ctx, next) => {
      await this.converse(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      for (const m of ctx.activity.membersAdded ?? []) {
        if (m.id !== ctx.activity.recipient.id) await ctx.sendActivity(this.walker.start().reply.say.join('\n\n'));
      }
      await next();
    });
  }

  override async run(ctx: TurnContext): Promise<void> {
    await super.run(ctx);
    await this.conversationState.saveChanges(ctx, false);
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
    const greeting = /^(hi|hello|hey|hallo|good (morning|afternoon|evening)|start)\b[\s!.]*$/i.test(text) || text === '' || commandOf(text) !== undefined;
    const reply = greeting ? this.walker.start().reply : this.walker.triage(c, text);
    await dc.beginDialog(DIALOG_IDS.root, { reply });
  }

  private async reset(ctx: TurnContext): Promise<void> {
    await this.dialogState.delete(ctx);
    await this.cases.set(ctx, newCase());
  }
}
