/**
 * Which channels get the case summary as an Adaptive Card, and the message that carries it.
 * The message keeps its text (Slack, the terminal, notifications and tests read it); on Teams
 * and the Emulator the card is attached beside it. On Teams the whole message stays under the
 * ~28 KB Teams accepts: the card is compacted first, then the text is shortened if need be.
 */
import { CardFactory, type Activity } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/load.js';
import type { CaseFile } from '../../walk/case.js';
import { CARD_MAX_BYTES, hasSummary, summaryCard, TEAMS_MESSAGE_LIMIT, utf8Bytes } from './summary-card.js';

/** Channels whose clients render Adaptive Cards 1.5. */
const CARD_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'emulator']);

/** Room left for ids, addresses and the rest of the activity envelope Teams counts too. */
const ENVELOPE_BYTES = 2 * 1024;

export function showsCards(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_CHANNELS.has(channelId);
}

/** Text cut at a line (else a character) boundary to at most `maxBytes` of UTF-8, saying so. */
export function shortenText(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const note = '\n… (shortened to fit one Teams message: the card has the summary)';
  const room = Math.max(0, maxBytes - utf8Bytes(note));
  let kept = '';
  for (const line of text.split('\n')) {
    const next = kept ? `${kept}\n${line}` : line;
    if (utf8Bytes(next) > room) break;
    kept = next;
  }
  if (!kept) kept = Buffer.from(text, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '');
  return kept + note;
}

/**
 * The message `activity` with the case summary card attached, where the channel shows cards and
 * the case has something to summarise; otherwise `activity` as it is.
 */
export function withSummaryCard(activity: Partial<Activity>, channelId: string | undefined, c: CaseFile, kb: KnowledgeBase): Partial<Activity> {
  if (!showsCards(channelId) || !hasSummary(c)) return activity;
  const text = activity.text ?? '';
  const budget = TEAMS_MESSAGE_LIMIT - ENVELOPE_BYTES;
  const card = summaryCard(c, kb, Math.min(CARD_MAX_BYTES, Math.max(4 * 1024, budget - utf8Bytes(text))));
  const attachment = CardFactory.adaptiveCard(card);
  // Speech would repeat the text in the payload: no client speaks a summary card.
  const { speak: _speak, ...rest } = activity;
  const message: Partial<Activity> = { ...rest, type: 'message', attachments: [...(activity.attachments ?? []), attachment] };
  if (channelId === 'msteams') message.text = shortenText(text, budget - utf8Bytes(message.attachments));
  return message;
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const LEAD_MAX = 300;

/**
 * Teams posts an activity's text and its card as two separate messages, so a summary would
 * appear twice. There the text becomes a one-line lead (what the notification and chat list
 * show) and the card carries the rest; other channels keep the full text.
 */
export function leadBeforeCard(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.text || !activity.attachments?.some((a) => a.contentType === ADAPTIVE)) return activity;
  const first = activity.text.split('\n').find((l) => l.trim()) ?? '';
  const lead = first.length > LEAD_MAX ? `${first.slice(0, LEAD_MAX - 1)}…` : first;
  return lead === activity.text ? activity : { ...activity, text: lead };
}
