/**
 * A conversation's activities as the two transcript forms a ticket carries: Markdown for people
 * (who said what, when, choices offered, cards flattened to text) and the Bot Framework
 * .transcript JSON that the Emulator opens.
 */
import type { Activity } from 'botbuilder';

function attachmentText(a: Partial<Activity>): string[] {
  const lines: string[] = [];
  for (const att of a.attachments ?? []) {
    const content = att.content as { title?: string; text?: string; buttons?: { title?: string }[]; body?: unknown[] } | undefined;
    if (typeof att.content === 'string') continue;
    if (content?.title) lines.push(`**${content.title}**`);
    if (content?.text) lines.push(content.text);
    if (content?.buttons?.length) lines.push(`_Options: ${content.buttons.map((b) => b.title ?? '').join(' · ')}_`);
    if (Array.isArray(content?.body)) lines.push(`_(card: ${cardText(content.body).slice(0, 2000)})_`);
  }
  return lines;
}

function cardText(body: unknown[]): string {
  const parts: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      if (typeof o.title === 'string' && typeof o.value === 'string') parts.push(`${o.title} ${o.value}`);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(body);
  return parts.join(' / ');
}

export function transcriptMarkdown(activities: Partial<Activity>[], heading: string): string {
  const out = [`# Transcript — ${heading}`, ''];
  for (const a of activities) {
    if (a.type !== 'message') continue;
    const who = a.from?.role === 'bot' || a.from?.name === 'FreeBusy Doctor' ? 'FreeBusy Doctor' : `Admin${a.from?.name && a.from.name !== 'Admin' ? ` (${a.from.name})` : ''}`;
    const when = a.timestamp ? new Date(a.timestamp as unknown as string).toISOString().replace('T', ' ').slice(0, 19) : '';
    const body = [a.text ?? '', ...attachmentText(a)].filter((x) => x.trim()).join('\n\n');
    out.push(`**${who}**${when ? ` · ${when} UTC` : ''}`, '', body || '_(empty)_', '', '---', '');
  }
  return out.join('\n');
}

/** The .transcript file: the activities as a JSON array, as botbuilder's transcript stores write them. */
export function transcriptFile(activities: Partial<Activity>[]): string {
  return JSON.stringify(activities, null, 2);
}
