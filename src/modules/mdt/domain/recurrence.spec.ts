import { expandSeries, localDate, parseRecurrence, wallTimeToInstant, zoneOffsetMinutes } from './recurrence';

const LONDON = 'Europe/London';
const pattern = (recurrence: string, firstDate = '2026-01-01') => ({ recurrence, startTime: '13:00', timezone: LONDON, durationMinutes: 90, firstDate });
const iso = (ds: { start: Date }[]) => ds.map((d) => d.start.toISOString());

describe('recurrence', () => {
  it('knows the London offset either side of the clock changes', () => {
    expect(zoneOffsetMinutes(new Date('2026-03-29T00:59:00Z'), LONDON)).toBe(0);
    expect(zoneOffsetMinutes(new Date('2026-03-29T01:00:00Z'), LONDON)).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-10-25T00:59:00Z'), LONDON)).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-10-25T01:00:00Z'), LONDON)).toBe(0);
  });

  it('places wall times, moving skipped ones forward and taking the first of repeated ones', () => {
    expect(wallTimeToInstant(2026, 7, 7, 13, 0, LONDON).toISOString()).toBe('2026-07-07T12:00:00.000Z');
    expect(wallTimeToInstant(2026, 12, 1, 13, 0, LONDON).toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(wallTimeToInstant(2026, 3, 29, 1, 30, LONDON).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    expect(wallTimeToInstant(2026, 10, 25, 1, 30, LONDON).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 01:30 (BST)
  });

  it('keeps 13:00 London across both clock changes (first Tuesday monthly)', () => {
    const got = expandSeries(pattern('FREQ=MONTHLY;BYDAY=1TU'), new Date('2026-02-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(iso(got)).toEqual([
      '2026-02-03T13:00:00.000Z',
      '2026-03-03T13:00:00.000Z',
      '2026-04-07T12:00:00.000Z',
      '2026-05-05T12:00:00.000Z',
      '2026-06-02T12:00:00.000Z',
      '2026-07-07T12:00:00.000Z',
      '2026-08-04T12:00:00.000Z',
      '2026-09-01T12:00:00.000Z',
      '2026-10-06T12:00:00.000Z',
      '2026-11-03T13:00:00.000Z',
    ]);
    expect(got[0].end.getTime() - got[0].start.getTime()).toBe(90 * 60_000);
  });

  it('a weekly meeting on the Sunday the clocks change stays at its wall time', () => {
    const p = { ...pattern('FREQ=WEEKLY;BYDAY=SU'), startTime: '09:30' };
    const got = expandSeries(p, new Date('2026-03-22T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
    expect(iso(got)).toEqual(['2026-03-22T09:30:00.000Z', '2026-03-29T08:30:00.000Z']);
    expect(got.map((o) => localDate(o.start, LONDON))).toEqual(['2026-03-22', '2026-03-29']);
  });

  it('a fifth-weekday rule skips months without one', () => {
    const got = expandSeries(pattern('FREQ=MONTHLY;BYDAY=5TU'), new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
    // Tuesdays 2026: five of them in March, June, September and December only.
    expect(got.map((o) => localDate(o.start, LONDON))).toEqual(['2026-03-31', '2026-06-30', '2026-09-29', '2026-12-29']);
    expect(iso(got)[1]).toBe('2026-06-30T12:00:00.000Z');
  });

  it('last weekday of the month (-1FR) and the first date bound', () => {
    const got = expandSeries(pattern('FREQ=MONTHLY;BYDAY=-1FR', '2026-05-01'), new Date('2026-01-01T00:00:00Z'), new Date('2026-08-01T00:00:00Z'));
    expect(got.map((o) => localDate(o.start, LONDON))).toEqual(['2026-05-29', '2026-06-26', '2026-07-31']);
  });

  it('rejects rules it cannot use', () => {
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=1TU')).not.toBeNull();
    expect(parseRecurrence('FREQ=HOURLY')).toBeNull();
    expect(parseRecurrence('not a rule')).toBeNull();
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=1TU\nDTSTART:20260101')).toBeNull();
  });
});
