/** Dates in pasted output, as Exchange prints them in the admin's regional format. */

export interface ParsedDate {
  date: Date;
  /** the other reading of a day/month-ambiguous date such as 03/04/2026 */
  alternative?: Date;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function at(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCDate() === d ? date : undefined;
}

/**
 * Dates as Exchange prints them in the admin's culture: 1/15/2029 3:45:12 PM (en-US),
 * 15.01.2029 15:45:12 (de-DE), 15/01/2029 (en-GB), 2029-01-15T15:45:12, or the long
 * DateTime form "Monday, January 15, 2029 3:45:12 PM". Times are read as UTC: an hour
 * does not change whether a certificate has expired in any way that matters here.
 */
export function parseDate(raw: string): ParsedDate | undefined {
  const s = raw.trim();
  const time = (rest: string | undefined): [number, number, number] => {
    const t = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?/i.exec(rest ?? '');
    if (!t) return [0, 0, 0];
    let h = Number(t[1]);
    const pm = t[4]?.toUpperCase() === 'PM';
    if (t[4] !== undefined && h === 12) h = 0;
    if (pm) h += 12;
    return [h, Number(t[2]), Number(t[3] ?? 0)];
  };
  const iso = /^(\d{4})-(\d{2})-(\d{2})(.*)$/.exec(s);
  if (iso) {
    const d = at(Number(iso[1]), Number(iso[2]), Number(iso[3]), ...time(iso[4]));
    return d ? { date: d } : undefined;
  }
  const num = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(.*)$/.exec(s);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[3]);
    const y = Number(num[4]);
    const hms = time(num[5]);
    if (num[2] === '.') {
      const d = at(y, b, a, ...hms);
      return d ? { date: d } : undefined;
    }
    const monthFirst = at(y, a, b, ...hms);
    const dayFirst = at(y, b, a, ...hms);
    if (a > 12 && dayFirst) return { date: dayFirst };
    if (b > 12 && monthFirst) return { date: monthFirst };
    if (monthFirst && dayFirst && a !== b) return { date: monthFirst, alternative: dayFirst };
    const d = monthFirst ?? dayFirst;
    return d ? { date: d } : undefined;
  }
  const long = /(?:^|\s)([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})(.*)$/.exec(s) ?? /(?:^|\s)(\d{1,2})\.?\s+([A-Za-z]{3,})\.?\s+(\d{4})(.*)$/.exec(s);
  if (long) {
    const [first, second] = [long[1] ?? '', long[2] ?? ''];
    const monthName = /^\d/.test(first) ? second : first;
    const day = Number(/^\d/.test(first) ? first : second);
    const mo = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
    if (mo === 0) return undefined;
    const d = at(Number(long[3]), mo, day, ...time(long[4]));
    return d ? { date: d } : undefined;
  }
  return undefined;
}

