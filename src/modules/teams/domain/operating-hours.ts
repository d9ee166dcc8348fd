/**
 * When a team takes work. "24/7" or weekly ranges in local (Europe/London) time, e.g.
 * [{ day: "mon", open: "08:00", close: "20:00" }]. A range whose close is earlier than its open
 * runs past midnight into the next day ("22:00"-"08:00"). Pure: routing asks isOpenAt().
 * Bank holidays (England and Wales, from the data file) replace the weekday: on one, only the
 * team's `bank_holiday` ranges apply, so a weekday-only team is closed (a 24/7 team is not).
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The day name of ranges that apply on bank holidays instead of the weekday's. */
export const BANK_HOLIDAY = 'bank_holiday';
export const RANGE_DAYS = [...WEEKDAYS, BANK_HOLIDAY] as const;
export type RangeDay = (typeof RANGE_DAYS)[number];

export interface OpeningRange {
  day: RangeDay;
  open: string;
  close: string;
}

export type OperatingHours = '24/7' | OpeningRange[];

export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const LOCAL_TIME_ZONE = 'Europe/London';

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const dateFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local (Europe/London) calendar date of an instant, YYYY-MM-DD. */
export function localDate(at: Date): string {
  return dateFormatter.format(at);
}

/** The calendar date before a YYYY-MM-DD date. */
function dayBefore(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return new Date(d.getTime() - 86_400_000).toISOString().slice(0, 10);
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LOCAL_TIME_ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Local weekday and minute-of-day of an instant in Europe/London (clock changes included). */
export function localWeekTime(at: Date): { day: Weekday; minute: number } {
  const parts = formatter.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Is the team open at this instant? `bankHolidays`: local dates (YYYY-MM-DD) that are bank holidays. */
export function isOpenAt(hours: OperatingHours, at: Date, bankHolidays: ReadonlySet<string> = new Set()): boolean {
  if (hours === '24/7') return true;
  const week = localWeekTime(at);
  const minute = week.minute;
  const today = localDate(at);
  const day: RangeDay = bankHolidays.has(today) ? BANK_HOLIDAY : week.day;
  const yesterday: RangeDay = bankHolidays.has(dayBefore(today)) ? BANK_HOLIDAY : WEEKDAYS[(WEEKDAYS.indexOf(week.day) + 6) % 7];
  return hours.some((r) => {
    const open = minutes(r.open);
    const close = minutes(r.close);
    if (open === close) return r.day === day; // a whole day
    if (open < close) return r.day === day && minute >= open && minute < close;
    // overnight: from open today to midnight, or from midnight to close for yesterday's range
    return (r.day === day && minute >= open) || (r.day === yesterday && minute < close);
  });
}

export function describeValidationProblem(hours: unknown): string | null {
  if (hours === '24/7') return null;
  if (!Array.isArray(hours) || hours.length === 0) return 'must be "24/7" or a non-empty list of weekly ranges';
  if (hours.length > 50) return 'has too many ranges';
  for (const [i, r] of hours.entries()) {
    if (typeof r !== 'object' || r === null) return `range ${i} must be an object`;
    const keys = Object.keys(r);
    if (keys.some((k) => !['day', 'open', 'close'].includes(k))) return `range ${i} has unknown fields`;
    const { day, open, close } = r as Record<string, unknown>;
    if (!RANGE_DAYS.includes(day as RangeDay)) return `range ${i} day must be one of ${RANGE_DAYS.join(', ')}`;
    if (typeof open !== 'string' || !TIME_PATTERN.test(open)) return `range ${i} open must be HH:MM`;
    if (typeof close !== 'string' || !TIME_PATTERN.test(close)) return `range ${i} close must be HH:MM`;
  }
  return null;
}
