/**
 * The botbuilder side of the conversation: one ComponentDialog whose waterfall carries each
 * turn (say what the walk engine says, prompt for what it expects, hand the answer back), and
 * whose onContinueDialog serves the global commands and re-triage at any step. Dialog ids are
 * stable on purpose: stored dialog stacks refer to them across deploys.
 */
import { ActivityTypes, InputHints, MessageFactory, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ChoicePrompt,
  ComponentDialog,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { showsCards, withSummaryCard } from '../src/channels/teams/cards.js';
import { newCase, type CaseFile } from '../src/walk/case.js';
import { NO_DESK, type EscalationDesk } from './escalation-desk.js';
import { HELP_TEXT, type Reply, type Walker } from '../src/walk/engine.js';

export const DIALOG_IDS = {
  root: 'fbd-diagnosis',
  turn: 'fbd-diagnosis-turn',
  text: 'fbd-text-prompt',
  choice: 'fbd-choice-prompt',
} as const;

interface TurnOptions {
  reply: Reply;
}

type Command = 'help' | 'status' | 'restart' | 'back' | 'escalate';

const COMMANDS: [RegExp, Command][] = [
  [/^(help|\?|what can you do\??)$/i, 'help'],
  [/^(status|where are we\??|summary)$/i, 'status'],
  [/^(cancel|start over|restart|reset|new case|quit)$/i, 'restart'],
  [/^(back|go back|previous)$/i, 'back'],
  [/^(escalate|escalate this|agent|human|engineer)$/i, 'escalate'],
];

export function commandOf(text: string): Command | undefined {
  const t = text.trim().replace(/[.!]+$/, '');
  return COMMANDS.find(([re]) => re.test(t))?.[1];
}

export class DiagnosisDialog extends ComponentDialog {
  constructor(
    private readonly walker: Walker,
    private readonly cases: StatePropertyAccessor<CaseFile>,
    private readonly desk: EscalationDesk = NO_DESK,
  ) {
    super(DIALOG_IDS.root);
    this.addDialog(new TextPrompt(DIALOG_IDS.text));
    this.addDialog(new ChoicePrompt(DIALOG_IDS.choice));
    this.addDialog(new WaterfallDialog(DIALOG_IDS.turn, [this.prompt.bind(this), this.handle.bind(this)]));
    this.initialDialogId = DIALOG_IDS.turn;
  }

  private async caseOf(ctx: TurnContext): Promise<CaseFile> {
    return this.cases.get(ctx, newCase());
  }

  /**
   * Where in a reply the case summary is, on a channel that shows it as a card. The engine marks
   * it; an escalation reached inside a walk comes wrapped in other text without the mark, so its
   * handover is also found as the text `status` gives for the escalated case.
   */
  private async summaryIndex(ctx: TurnContext, reply: Reply): Promise<number | undefined> {
    if (!showsCards(ctx.activity.channelId)) return undefined;
    if (reply.summaryAt !== undefined) return reply.summaryAt;
    const c = await this.caseOf(ctx);
    if (!c.closed || !c.escalation) return undefined;
    const i = reply.say.indexOf(this.walker.status(c));
    return i >= 0 ? i : undefined;
  }

  /** The case summary as a message: its text, and the case as a card where the channel shows one. */
  private async summary(ctx: TurnContext, activity: Partial<Activity>): Promise<Partial<Activity>> {
    return withSummaryCard(activity, ctx.activity.channelId, await this.caseOf(ctx), this.walker.kb);
  }

  /** The engine's reply with the desk's part filled in: the escalation preview, or the stored ticket's reference. */
  private async withDesk(ctx: TurnContext, reply: Reply): Promise<Reply> {
    if (!reply.action) return reply;
    const c = await this.caseOf(ctx);
    if (reply.action === 'preview-escalation') {
      const lines = await this.desk.preview(ctx, c);
      return { ...reply, action: undefined, say: [...reply.say.slice(0, -1), ...lines, reply.say.at(-1) ?? 'Send it?'] };
    }
    const lines = await this.desk.submit(ctx, c);
    const say = [...lines, this.walker.status(c), 'Paste another error any time.'];
    return { ...reply, action: undefined, say, summaryAt: say.length - 2 };
  }

  /** Say what the engine said, then prompt for what it expects. */
  private async prompt(step: WaterfallStepContext<TurnOptions>): Promise<DialogTurnResult> {
    const ctx = step.context;
    const reply = await this.withDesk(ctx, step.options.reply);
    const summaryAt = await this.summaryIndex(ctx, reply);
    const say = [...reply.say];
    const questionAt = say.length - 1;
    const question = say.pop() ?? '…';
    for (const [i, s] of say.entries()) {
      const message = MessageFactory.text(s, s, InputHints.IgnoringInput);
      await ctx.sendActivity(i === summaryAt ? await this.summary(ctx, message) : message);
    }
    const asked = async (hint: InputHints) => {
      const message = MessageFactory.text(question, question, hint);
      return questionAt === summaryAt ? this.summary(ctx, message) : message;
    };
    if (reply.expect.type === 'done') {
      await ctx.sendActivity(questionAt === summaryAt ? await asked(InputHints.AcceptingInput) : question);
      return step.endDialog();
    }
    if (reply.expect.type === 'choice') {
      return step.prompt(DIALOG_IDS.choice, {
        prompt: await asked(InputHints.ExpectingInput),
        retryPrompt: MessageFactory.text(`Please choose one of the options (or type **help**).`, undefined, InputHints.ExpectingInput),
        choices: ChoiceFactory.toChoices(reply.expect.options),
        style: ctx.activity.channelId === 'msteams' || ctx.activity.channelId === 'slack' ? ListStyle.heroCard : ListStyle.auto,
      });
    }
    return step.prompt(DIALOG_IDS.text, { prompt: await asked(InputHints.ExpectingInput) });
  }

  /** Give the answer to the engine and loop with its reply. */
  private async handle(step: WaterfallStepContext<TurnOptions>): Promise<DialogTurnResult> {
    const c = await this.caseOf(step.context);
    const result = step.result as string | FoundChoice | undefined;
    const reply =
      typeof result === 'object' && result !== null
        ? this.walker.answer(c, result.value, result.index)
        : this.walker.answer(c, typeof result === 'string' ? result : (step.context.activity.text ?? ''));
    return step.replaceDialog(DIALOG_IDS.turn, { reply });
  }

  /** Global commands and a newly pasted error take precedence over whatever prompt is open. */
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const activity = inner.context.activity;
    if (activity.type !== ActivityTypes.Message) return super.onContinueDialog(inner);
    const text = (activity.text ?? '').trim();
    const c = await this.caseOf(inner.context);
    const restartWith = async (reply: Reply) => {
      await inner.cancelAllDialogs();
      return inner.beginDialog(DIALOG_IDS.turn, { reply });
    };
    // While an escalation is prepared, "cancel" drops the escalation, not the whole case.
    if (c.phase === 'escalating' && /^cancel[.!]?$/i.test(text)) return restartWith(this.walker.answer(c, 'cancel'));
    switch (commandOf(text)) {
      case 'help':
        await inner.context.sendActivity(HELP_TEXT);
        await inner.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'status': {
        const text = this.walker.status(c);
        await inner.context.sendActivity(showsCards(activity.channelId) ? await this.summary(inner.context, { type: ActivityTypes.Message, text, inputHint: InputHints.AcceptingInput }) : text);
        await inner.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      }
      case 'restart': {
        const fresh = this.walker.start();
        await this.cases.set(inner.context, fresh.c);
        return restartWith({ say: ['Starting over.', ...fresh.reply.say], expect: fresh.reply.expect });
      }
      case 'back':
        return restartWith(this.walker.back(c));
      case 'escalate':
        return restartWith(this.walker.escalate(c, 'The admin asked to escalate.', false));
      default: {
        const other = this.walker.isNewError(c, text);
        if (other) {
          const r = this.walker.begin(c, text, other);
          return restartWith({ say: ['That looks like a different error, so I switch to it.', ...r.say], expect: r.expect });
        }
      }
    }
    return super.onContinueDialog(inner);
  }
}
