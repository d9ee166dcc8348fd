import { DEFINITIONS as D } from './definitions';
import {
  Day91Facts,
  ageOn,
  breakdownMeasure,
  countMeasure,
  day91Status,
  meanMeasure,
  measuresToCsv,
  ratePer100k,
  ratioOfTotals,
  shareMeasure,
  stillAtHome91,
  unavailableMeasure,
  withinDays,
} from './measures';

const f = { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') };
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('day91Status (ASCOF 2B(1))', () => {
  const discharged = day('2026-04-10'); // day 91 is 2026-07-10
  const base: Day91Facts = { dischargedAt: discharged, deceasedAt: null, inHospitalAtDay91: false, inCareHomeAtDay91: false };
  const after = day('2026-08-01');

  it('is pending until day 91 has come', () => {
    expect(day91Status(base, day('2026-07-09'))).toBe('pending');
    expect(day91Status(base, day('2026-07-10'))).toBe('at_home');
  });
  it('died on or before day 91 counts as died; dying after day 91 is at home at day 91', () => {
    expect(day91Status({ ...base, deceasedAt: day('2026-07-10') }, after)).toBe('died');
    expect(day91Status({ ...base, deceasedAt: day('2026-07-11') }, after)).toBe('at_home');
  });
  it('in hospital or a care home at day 91 is not at home', () => {
    expect(day91Status({ ...base, inHospitalAtDay91: true }, after)).toBe('in_hospital');
    expect(day91Status({ ...base, inCareHomeAtDay91: true }, after)).toBe('care_home');
  });
});

describe('stillAtHome91', () => {
  it('keeps people who died, are in hospital or a care home in the denominator only (hand-worked: 7 of 10)', () => {
    // 10 discharges whose day 91 has come: 7 at home, 1 died, 1 readmitted, 1 in a care home; 2 more still pending.
    expect(stillAtHome91({ at_home: 7, died: 1, in_hospital: 1, care_home: 1, pending: 2 })).toEqual({ numerator: 7, denominator: 10, pending: 2 });
    const m = shareMeasure(D.stillAtHome91, f, 7, 10);
    expect(m.value).toBe(0.7);
  });
  it('is empty with no discharges', () => {
    expect(stillAtHome91({})).toEqual({ numerator: 0, denominator: 0, pending: 0 });
  });
});

describe('publishing with small-number suppression', () => {
  it('counts of 1-4 show as <5 with their value withheld; 0 and 5+ are shown', () => {
    expect(countMeasure(D.breaches, f, 3)).toMatchObject({ numerator: '<5', value: null });
    expect(countMeasure(D.breaches, f, 0)).toMatchObject({ numerator: 0, value: 0 });
    expect(countMeasure(D.breaches, f, 5)).toMatchObject({ numerator: 5, value: 5 });
  });
  it('a share is withheld when either count is suppressed', () => {
    expect(shareMeasure(D.readmissions30, f, 4, 40)).toMatchObject({ numerator: '<5', denominator: 40, value: null });
    expect(shareMeasure(D.readmissions30, f, 6, 40)).toMatchObject({ numerator: 6, denominator: 40, value: 0.15 });
    expect(shareMeasure(D.readmissions30, f, 0, 0).value).toBeNull();
  });
  it('a rate per 100,000: 12 delayed days over 48,000 adults is 25.0', () => {
    expect(ratePer100k(D.delayedTransferDays, f, 12, 48_000)).toMatchObject({ numerator: 12, denominator: 48_000, value: 25 });
    expect(ratePer100k(D.permanentCareHome65, f, 2, 48_000).value).toBeNull();
  });
  it('a mean over fewer than 5 is withheld: 5 stays of 60 days in all is 12.0', () => {
    expect(meanMeasure(D.meanLengthOfStay, f, 60, 5).value).toBe(12);
    expect(meanMeasure(D.meanLengthOfStay, f, 30, 3).value).toBeNull();
  });
  it('a breakdown suppresses each row, and a second row when the total would give a hidden one back', () => {
    const m = breakdownMeasure(D.referralsBySource, f, [
      { key: 'gp/urgent', count: 7 },
      { key: 'ambulance/urgent', count: 2 },
    ]);
    // Showing 7 beside the total 9 would reveal the 2: the 7 is hidden as well.
    expect(m.breakdown).toEqual([
      { key: 'ambulance/urgent', count: '<5' },
      { key: 'gp/urgent', count: '*' },
    ]);
    expect(m.value).toBe(9);
    const wide = breakdownMeasure(D.referralsBySource, f, [
      { key: 'a', count: 2 },
      { key: 'b', count: 3 },
      { key: 'c', count: 30 },
    ]);
    expect(wide.breakdown?.map((b) => b.count)).toEqual(['<5', '<5', 30]);
  });
  it('an unavailable measure carries no figures', () => {
    expect(unavailableMeasure(D.mdtsHeld, f, 'later')).toMatchObject({ available: false, numerator: null, value: null, note: 'later' });
  });
});

describe('ratioOfTotals (bed-days, not people)', () => {
  it('shows both totals to 0.01 and the value from exactly those figures', () => {
    // 0.5 occupied bed-days of 2 available: whole-day rounding once showed 1 of 2 with a value of 0.25.
    expect(ratioOfTotals(D.occupancy, f, 0.5, 2)).toMatchObject({ numerator: 0.5, denominator: 2, value: 0.25 });
    // 2 bed-minutes of 3 beds for 2 hours: 0.0014 of 0.25 shows as 0 of 0.25, value 0 (never 0.0056 beside 0 / 0.25).
    expect(ratioOfTotals(D.occupancy, f, 2 / 1440, 0.25)).toMatchObject({ numerator: 0, denominator: 0.25, value: 0 });
    expect(ratioOfTotals(D.occupancy, f, 0, 0.004)).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });
});

describe('helpers', () => {
  it('withinDays is inclusive of the limit', () => {
    expect(withinDays(day('2026-04-01'), day('2026-04-08'), 7)).toBe(true);
    expect(withinDays(day('2026-04-01'), new Date('2026-04-08T12:00:01Z'), 7)).toBe(false);
    expect(withinDays(day('2026-04-01'), null, 7)).toBe(false);
  });
  it('ageOn counts whole years', () => {
    expect(ageOn('1961-07-01', day('2026-06-30'))).toBe(64);
    expect(ageOn('1961-07-01', day('2026-07-01'))).toBe(65);
  });
});

describe('measuresToCsv', () => {
  it('quotes commas and quotes, neutralises formulas and writes one row per measure', () => {
    const csv = measuresToCsv([countMeasure({ ...D.breaches, title: '=SUM(A1) "x", y' }, f, 3)]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith('id,group,title,period_from')).toBe(true);
    expect(lines[1]).toContain(`"'=SUM(A1) ""x"", y"`);
    expect(lines[1]).toContain(',<5,');
  });
});
