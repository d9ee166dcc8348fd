import { observedRates, parseHistoryWeeks, weekStart } from './demand';

describe('demand from history', () => {
  it('reads a history window in weeks', () => {
    expect(parseHistoryWeeks('12w')).toBe(12);
    expect(parseHistoryWeeks('1w')).toBe(1);
    expect(parseHistoryWeeks('104w')).toBe(104);
    for (const bad of ['0w', '105w', '12', 'w', '12d', '-3w', '1.5w', '']) expect(parseHistoryWeeks(bad)).toBeNull();
  });

  it('turns what happened into Erlang inputs', () => {
    expect(observedRates({ weeks: 12, arrivals: 240, discharges: 200, totalLengthOfStayDays: 2800, unmet: 24 })).toEqual({
      arrivalsPerWeek: 20,
      meanLengthOfStayDays: 14,
      unmetRate: 0.1,
    });
    expect(observedRates({ weeks: 12, arrivals: 0, discharges: 3, totalLengthOfStayDays: 9, unmet: 0 })).toBeNull();
    expect(observedRates({ weeks: 12, arrivals: 5, discharges: 0, totalLengthOfStayDays: 0, unmet: 0 })).toBeNull();
  });

  it('weeks start on Monday (UTC)', () => {
    expect(weekStart(new Date('2026-11-29T09:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // a Sunday
    expect(weekStart(new Date('2026-11-23T00:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // a Monday
    expect(weekStart(new Date('2026-11-25T23:59:59Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});
