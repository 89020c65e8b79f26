/**
 * Turns what a chat channel delivers back into the text the admin copied:
 * Teams sends HTML (<p>, <pre>, <br>, <at> mentions, entities), Slack sends its own
 * markup (<url|label>, <@U123>, &amp; &lt; &gt;) and admins wrap pastes in ``` fences.
 * Every consumer of pasted text (classifier, output parser, transcripts) starts here.
 */
import { createRequire } from 'node:module';

type Decode = (text: string, options: { level: 'html5' }) => string;
let decoder: Decode | undefined;
/** html-entities, loaded the first time a paste has HTML or entities (most CLI pastes have none). */
function decode(text: string, options: { level: 'html5' }): string {
  decoder ??= (createRequire(import.meta.url)('html-entities') as { decode: Decode }).decode;
  return decoder(text, options);
}

// Bounded repeats keep these linear on hostile input (thousands of "<p" without ">").
const HTML_TAG = /<\/?(?:p|div|span|pre|code|br|at|b|i|em|strong|ul|ol|li|table|tr|td|th|tbody|thead|blockquote|h[1-6]|a|img|hr|font|u|s|sup|sub)\b[^>]{0,500}>/i;
/** Slack's own forms only: links, user/channel mentions, and the !here / !channel / !subteam specials (not "<!DOCTYPE"). */
const SLACK_MARKUP = /<(?:https?:\/\/|mailto:|@[UW][A-Z0-9]+|#C[A-Z0-9]+|!(?:here|channel|everyone|subteam\^|date\^))[^>\n]{0,2000}>/;

/** Teams HTML to text: block elements become line breaks, mentions go, entities are decoded. */
export function htmlToText(html: string): string {
  return decode(
    html
      .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(?:p|div|pre|li|tr|h[1-6]|blockquote|table)>/gi, '\n')
      .replace(/<(?:td|th)\b[^>]*>/gi, '\t')
      .replace(/<[^>]+>/g, ''),
    { level: 'html5' },
  );
}

/** Slack markup to text: links keep what the user typed, mentions and specials go. */
export function slackToText(text: string): string {
  return text
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]*)>/g, (_m, url: string, label: string) => (label.trim() ? label : url))
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<mailto:([^|>]+)(?:\|([^>]*))?>/g, (_m, addr: string, label?: string) => label || addr)
    .replace(/<#C[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<(?:@[UW][A-Z0-9]+|!(?:here|channel|everyone|subteam\^[^>]*|date\^[^>]*))(?:\|[^>]*)?>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface CleanOptions {
  /** longest text kept, in characters; the rest is cut and reported */
  maxLength?: number;
}

export interface CleanedPaste {
  text: string;
  truncated: boolean;
  originalLength: number;
}

/**
 * Clean a pasted message. Entities are decoded twice because some tools escape twice
 * (&amp;lt;title&amp;gt;), and the control characters of binary junk are dropped.
 */
export function cleanPaste(raw: string, options: CleanOptions = {}): CleanedPaste {
  const originalLength = raw.length;
  const max = options.maxLength ?? Infinity;
  let text = raw.length > max ? raw.slice(0, max) : raw;
  // Slack text is never HTML: a tag in it is what the admin typed, so it stays.
  if (SLACK_MARKUP.test(text)) text = slackToText(text);
  else if (HTML_TAG.test(text)) text = htmlToText(text);
  if (/&(?:[a-z]+|#x?[0-9a-f]+);/i.test(text)) text = decode(decode(text, { level: 'html5' }), { level: 'html5' });
  text = text
    .replace(/\r\n?/g, '\n')
    .replace(/&#xD;|&#13;/gi, '\n')
    .replace(/^[ \t]*```[a-z]*[ \t]*$/gim, '')
    .replace(/```/g, '')
    .replace(/\u00a0/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]+/g, ' ')
    // Per line, not /[ \t]+\n/g: that pattern is quadratic on a long run of spaces with no newline after it.
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, truncated: raw.length > max, originalLength };
}
