/**
 * When a team takes work. "24/7" or weekly ranges in local (Europe/London) time, e.g.
 * [{ day: "mon", open: "08:00", close: "20:00" }]. A range whose close is earlier than its open
 * runs past midnight into the next day ("22:00"-"08:00"). Pure: routing asks isOpenAt().
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OpeningRange {
  day: Weekday;
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

export function isOpenAt(hours: OperatingHours, at: Date): boolean {
  if (hours === '24/7') return true;
  const { day, minute } = localWeekTime(at);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7];
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
    if (!WEEKDAYS.includes(day as Weekday)) return `range ${i} day must be one of ${WEEKDAYS.join(', ')}`;
    if (typeof open !== 'string' || !TIME_PATTERN.test(open)) return `range ${i} open must be HH:MM`;
    if (typeof close !== 'string' || !TIME_PATTERN.test(close)) return `range ${i} close must be HH:MM`;
  }
  return null;
}
