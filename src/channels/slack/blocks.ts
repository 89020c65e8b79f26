/**
 * Bot Framework messages as Slack Block Kit. The walk engine writes chat markdown (**bold**,
 * ```powershell fences) and ChoicePrompt renders choices on Slack as a HeroCard; Slack wants
 * mrkdwn, section blocks of at most 3,000 characters and buttons in `actions` blocks. Pure
 * functions: no Slack calls here.
 */
import type { Activity, Attachment, CardAction, HeroCard } from 'botbuilder';
import type { types } from '@slack/bolt';

export type SlackBlock = types.KnownBlock;

/** Slack's Block Kit limits, plus our own cap on one message's size. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerActions: 25,
  blocksPerMessage: 50,
  /**
   * Slack accepts 40,000 characters of `text` but a wall that long is unreadable in a thread
   * and hits msg_too_long once blocks are added; longer replies go out as several messages.
   */
  messageText: 12_000,
} as const;

/** action_id prefix of buttons whose click answers the bot (the value becomes the admin's message). */
export const CHOICE_ACTION_PREFIX = 'fbd-choice';
/** action_id prefix of link buttons: Slack opens the URL, the bot only has to ack the click. */
export const LINK_ACTION_PREFIX = 'fbd-link';

export interface SlackMessage {
  /** notification and accessibility fallback; the blocks are what Slack shows */
  text: string;
  blocks: SlackBlock[];
}

/** Slack reads &, < and > as markup, so text that means them literally must be escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const FENCE = /^\s*```[\w+.#-]*\s*$/;

/** One line of prose: bold, links and headings converted, inline code left as written. */
function proseLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
  if (heading) return `*${proseLine(heading[1] as string).replace(/^\*(.*)\*$/, '$1')}*`;
  return line
    .split(/(`[^`\n]+`)/)
    .map((part, i) =>
      i % 2 === 1
        ? escapeMrkdwn(part)
        : escapeMrkdwn(part)
            .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '*$1*')
            .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '¦')}>`),
    )
    .join('');
}

/**
 * Chat markdown to Slack mrkdwn: **bold** → *bold*, [label](url) → <url|label>, headings → bold
 * lines, fences lose their language (Slack shows ```powershell as text), &<> escaped everywhere.
 * Single *stars* stay: the knowledge quotes wildcards ("O365 to On-premises*").
 */
export function markdownToMrkdwn(markdown: string): string {
  let inCode = false;
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      if (FENCE.test(line)) {
        inCode = !inCode;
        return '```';
      }
      return inCode ? escapeMrkdwn(line) : proseLine(line);
    });
  if (inCode) lines.push('```');
  return lines.join('\n');
}

/** A run of lines kept together when splitting: one paragraph, or one fenced code block. */
interface Unit {
  text: string;
  /** what separated it from the unit before: a line break, or a blank line */
  sep: string;
  code: boolean;
}

function unitsOf(mrkdwn: string): Unit[] {
  const units: Unit[] = [];
  let lines: string[] = [];
  let inCode = false;
  let sep = '\n';
  const flush = () => {
    if (lines.length) units.push({ text: lines.join('\n'), sep: units.length ? sep : '', code: inCode });
    lines = [];
    sep = '\n';
  };
  for (const line of mrkdwn.split('\n')) {
    if (!inCode && FENCE.test(line)) {
      flush();
      inCode = true;
      lines.push('```');
    } else if (inCode && FENCE.test(line)) {
      lines.push('```');
      flush();
      inCode = false;
    } else if (!inCode && line.trim() === '') {
      flush();
      sep = '\n\n';
    } else {
      lines.push(line);
    }
  }
  if (inCode) lines.push('```');
  flush();
  return units;
}

/** Cuts one over-long line, at a space when one is near the end, never inside an &entity;. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let at = max;
    const space = rest.lastIndexOf(' ', max - 1);
    if (space > max / 2) at = space + 1;
    const amp = rest.lastIndexOf('&', at - 1);
    if (amp > at - 6 && amp > 0 && !rest.slice(amp, at).includes(';')) at = amp;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  pieces.push(rest);
  return pieces;
}

/** Packs lines into pieces of at most `max` characters, breaking between lines where possible. */
function packLines(lines: string[], max: number): string[] {
  const pieces: string[] = [];
  let current: string | undefined;
  for (const line of lines.flatMap((l) => (l.length > max ? cutLine(l, max) : [l]))) {
    if (current !== undefined && current.length + 1 + line.length <= max) current += '\n' + line;
    else {
      if (current !== undefined) pieces.push(current);
      current = line;
    }
  }
  if (current !== undefined) pieces.push(current);
  return pieces;
}

/** A unit too long for one block, as several; a code block's parts each get their own fences. */
function splitUnit(unit: Unit, max: number): Unit[] {
  if (unit.text.length <= max) return [unit];
  const parts = unit.code
    ? packLines(unit.text.split('\n').slice(1, -1), max - '```\n\n```'.length).map((p) => '```\n' + p + '\n```')
    : packLines(unit.text.split('\n'), max);
  return parts.map((text, i) => ({ text, sep: i === 0 ? unit.sep : '\n', code: unit.code }));
}

/**
 * Splits mrkdwn into chunks of at most `max` characters for section blocks: paragraphs and code
 * blocks move whole to the next chunk when they do not fit; only a paragraph or code block longer
 * than a chunk is split, between lines (a code block's parts re-fenced), and only a single line
 * longer than a chunk is cut.
 */
export function splitMrkdwn(mrkdwn: string, max: number = SLACK_LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const unit of unitsOf(mrkdwn).flatMap((u) => splitUnit(u, max))) {
    if (current && current.length + unit.sep.length + unit.text.length <= max) current += unit.sep + unit.text;
    else {
      if (current) chunks.push(current);
      current = unit.text;
    }
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** What the admin "says" when clicking a card button, as botbuilder channels with buttons do. */
function clickText(action: CardAction): string | undefined {
  const value = typeof action.value === 'string' ? action.value : undefined;
  if (action.type === 'messageBack') return action.text || value || action.title;
  return value || action.title;
}

/**
 * A card action as a Slack button. `index` is the button's position in its card: a value over
 * Slack's 2,000 characters is sent as that number instead, which ChoicePrompt also recognises.
 */
export function toButton(action: CardAction, index: number, actionId: string): types.Button | undefined {
  const title = (action.title || (typeof action.value === 'string' ? action.value : '')).trim();
  if (!title) return undefined;
  const text = { type: 'plain_text' as const, text: truncate(title, SLACK_LIMITS.buttonText), emoji: true };
  if (action.type === 'openUrl' && typeof action.value === 'string' && /^https?:\/\//i.test(action.value)) {
    return { type: 'button', text, url: action.value, action_id: `${LINK_ACTION_PREFIX}-${actionId}` };
  }
  const said = clickText(action);
  if (!said) return undefined;
  const value = said.length <= SLACK_LIMITS.buttonValue ? said : String(index + 1);
  return { type: 'button', text, value, action_id: `${CHOICE_ACTION_PREFIX}-${actionId}` };
}

/** Buttons in `actions` blocks of at most 25; action and block ids unique within the message. */
export function actionsBlocks(actions: CardAction[], idPrefix: string): types.ActionsBlock[] {
  const buttons = actions.map((a, i) => toButton(a, i, `${idPrefix}-${i}`)).filter((b): b is types.Button => b !== undefined);
  const blocks: types.ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.buttonsPerActions) {
    blocks.push({ type: 'actions', block_id: `fbd-actions-${idPrefix}-${blocks.length}`, elements: buttons.slice(i, i + SLACK_LIMITS.buttonsPerActions) });
  }
  return blocks;
}

function sections(mrkdwn: string): types.SectionBlock[] {
  return splitMrkdwn(mrkdwn).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

const CARD_TYPES = new Set(['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail']);

/** A HeroCard (or ThumbnailCard) as blocks: title, subtitle and text as sections, then its buttons. */
export function heroCardBlocks(card: HeroCard, idPrefix: string): SlackBlock[] {
  const parts = [card.title && `*${escapeMrkdwn(card.title)}*`, card.subtitle && escapeMrkdwn(card.subtitle), card.text && markdownToMrkdwn(card.text)];
  const text = parts.filter((p): p is string => !!p).join('\n');
  return [...(text ? sections(text) : []), ...actionsBlocks(card.buttons ?? [], idPrefix)];
}

function mrkdwnOf(block: SlackBlock): string {
  return block.type === 'section' ? (block.text?.text ?? '') : '';
}

/** Groups blocks into messages under Slack's block count and our size cap, in order. */
export function packMessages(blocks: SlackBlock[], fallback = 'Please choose an option below.'): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let current: SlackBlock[] = [];
  let size = 0;
  const flush = () => {
    if (!current.length) return;
    const text = current.map(mrkdwnOf).filter(Boolean).join('\n\n');
    messages.push({ text: text || fallback, blocks: current });
    current = [];
    size = 0;
  };
  for (const block of blocks) {
    const length = mrkdwnOf(block).length;
    if (current.length >= SLACK_LIMITS.blocksPerMessage || (size > 0 && size + length > SLACK_LIMITS.messageText)) flush();
    current.push(block);
    size += length;
  }
  flush();
  return messages;
}

/**
 * One outgoing Bot Framework message as Slack messages (usually one): its text as mrkdwn
 * sections, then each hero card and the suggested actions. Attachments Slack cannot show
 * (Adaptive Cards and the like) are left out. Empty when there is nothing to show.
 */
export function activityToSlackMessages(activity: Partial<Activity>): SlackMessage[] {
  const blocks: SlackBlock[] = [];
  const text = activity.text?.trim() ? activity.text : '';
  if (text) blocks.push(...sections(activity.textFormat === 'plain' ? escapeMrkdwn(text) : markdownToMrkdwn(text)));
  (activity.attachments ?? []).forEach((a: Attachment, i) => {
    if (CARD_TYPES.has(a.contentType) && a.content && typeof a.content === 'object') blocks.push(...heroCardBlocks(a.content as HeroCard, `c${i}`));
  });
  if (activity.suggestedActions?.actions?.length) blocks.push(...actionsBlocks(activity.suggestedActions.actions, 's'));
  return packMessages(blocks);
}

/**
 * The clicked message once answered: its choice buttons replaced by a note of who chose what,
 * so an old prompt cannot be answered twice and the thread shows the answer.
 */
export function markChoiceMade(blocks: SlackBlock[], userId: string, choice: string): SlackBlock[] {
  const isChoiceBlock = (b: SlackBlock) => b.type === 'actions' && b.elements.some((e) => 'action_id' in e && e.action_id?.startsWith(CHOICE_ACTION_PREFIX));
  const out: SlackBlock[] = [];
  let noted = false;
  for (const b of blocks) {
    if (!isChoiceBlock(b)) out.push(b);
    else if (!noted) {
      out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<@${userId}> chose *${escapeMrkdwn(truncate(choice, 200))}*` }] });
      noted = true;
    }
  }
  return out;
}
