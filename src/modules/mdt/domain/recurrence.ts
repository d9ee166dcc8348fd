import { RRule } from 'rrule';

/** The wall-clock offset (minutes east of UTC) of `zone` at instant `at`. */
export function zoneOffsetMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the clocks in `zone` show this local date and time. A time that does not
 * exist (skipped when clocks go forward) moves forward by the gap; an ambiguous one (clocks go
 * back) takes the first, earlier occurrence.
 */
export function wallTimeToInstant(y: number, month: number, d: number, h: number, min: number, zone: string): Date {
  const naive = Date.UTC(y, month - 1, d, h, min);
  // Try the offsets in force a day either side; keep the earliest candidate that shows this wall time.
  const offsets = [...new Set([zoneOffsetMinutes(new Date(naive - 86_400_000), zone), zoneOffsetMinutes(new Date(naive + 86_400_000), zone)])];
  const fits = offsets
    .map((o) => naive - o * 60_000)
    .filter((t) => zoneOffsetMinutes(new Date(t), zone) * 60_000 === naive - t)
    .sort((a, b) => a - b);
  if (fits.length) return new Date(fits[0]);
  // In the gap: the wall time does not exist; use the offset before the change (lands after the gap).
  return new Date(naive - Math.min(...offsets) * 60_000);
}

export const START_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses an RFC 5545 RRULE body (no DTSTART); null when rrule cannot read it or it is unbounded by frequency. */
export function parseRecurrence(rule: string): RRule | null {
  if (!/^(RRULE:)?[A-Z0-9=;,+-]+$/i.test(rule) || /DTSTART|TZID/i.test(rule)) return null;
  try {
    const r = RRule.fromString(rule.replace(/^RRULE:/i, ''));
    if (r.options.freq === undefined || r.options.freq > RRule.DAILY) return null; // no hourly/minutely MDTs
    return r;
  } catch {
    return null;
  }
}

export interface SeriesPattern {
  recurrence: string;
  /** Local wall-clock "HH:mm" in `timezone`. */
  startTime: string;
  timezone: string;
  durationMinutes: number;
  /** First local date the series may fall on (YYYY-MM-DD). */
  firstDate: string;
}

export interface Occurrence {
  start: Date;
  end: Date;
}

/**
 * Expands the recurrence into meeting instants in [from, to). The rule is expanded over local
 * (floating) dates, then each date is placed at `startTime` on the wall clock of `timezone`, so a
 * 13:00 meeting stays at 13:00 local across clock changes (12:00Z in summer, 13:00Z in winter).
 * Months without the named weekday (e.g. BYDAY=5TU) simply have no meeting (rrule semantics).
 */
export function expandSeries(p: SeriesPattern, from: Date, to: Date): Occurrence[] {
  const rule = parseRecurrence(p.recurrence);
  const time = START_TIME.exec(p.startTime);
  if (!rule || !time) return [];
  const [fy, fm, fd] = p.firstDate.split('-').map(Number);
  const floatingStart = new Date(Date.UTC(fy, fm - 1, fd, 0, 0));
  // Floating dates: a window wide enough to include local dates around [from, to).
  const winFrom = new Date(Math.max(floatingStart.getTime(), from.getTime() - 2 * 86_400_000));
  const winTo = new Date(to.getTime() + 2 * 86_400_000);
  const r = new RRule({ ...rule.origOptions, dtstart: floatingStart, tzid: undefined, byhour: undefined, byminute: undefined, bysecond: undefined });
  const out: Occurrence[] = [];
  for (const d of r.between(winFrom, winTo, true)) {
    const start = wallTimeToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Number(time[1]), Number(time[2]), p.timezone);
    if (start < from || start >= to) continue;
    out.push({ start, end: new Date(start.getTime() + p.durationMinutes * 60_000) });
  }
  return out;
}

/** The local calendar date (YYYY-MM-DD) of `at` in `zone`. */
export function localDate(at: Date, zone: string): string {
  const shifted = new Date(at.getTime() + zoneOffsetMinutes(at, zone) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** `months` calendar months after `at` (UTC arithmetic; the horizon need not be exact to the hour). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
