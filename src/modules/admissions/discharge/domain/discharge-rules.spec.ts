import {
  DELAY_CODE_LIST,
  attributionFor,
  daysDrdToDischarge,
  dischargeReadyDateFor,
  endOfLocalDay,
  lengthOfStayDays,
  longStayFlag,
  readyDateProblem,
  readySince,
  snapshotDaysDue,
} from './discharge-rules';

const at = (s: string) => new Date(s);

describe('ready for transfer', () => {
  it('starts when the last of clinically ready, MDT agreed and safe to transfer is recorded', () => {
    const since = readySince({
      clinically_ready: { value: 'ready', at: at('2026-03-01T09:00:00Z') },
      mdt_agreed: { value: 'ready', at: at('2026-03-02T14:00:00Z') },
      safe_to_transfer: { value: 'ready', at: at('2026-03-01T16:00:00Z') },
    });
    expect(since?.toISOString()).toBe('2026-03-02T14:00:00.000Z');
  });

  it('is not ready while any step is missing or withdrawn', () => {
    expect(readySince({ clinically_ready: { value: 'ready', at: at('2026-03-01T09:00:00Z') }, mdt_agreed: { value: 'ready', at: at('2026-03-01T09:00:00Z') } })).toBeNull();
    expect(
      readySince({
        clinically_ready: { value: 'not_ready', at: at('2026-03-03T09:00:00Z') },
        mdt_agreed: { value: 'ready', at: at('2026-03-01T09:00:00Z') },
        safe_to_transfer: { value: 'ready', at: at('2026-03-01T09:00:00Z') },
      }),
    ).toBeNull();
  });
});

describe('Discharge Ready Date', () => {
  it('is the day in England the patient stopped meeting the criteria to reside, or the stated date', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in England (BST).
    expect(dischargeReadyDateFor('does_not_meet', at('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(dischargeReadyDateFor('does_not_meet', at('2026-06-30T10:00:00Z'), '2026-06-29')).toBe('2026-06-29');
    expect(dischargeReadyDateFor('meets', at('2026-06-30T10:00:00Z'))).toBeNull();
  });

  it('cannot be before the day of admission', () => {
    expect(readyDateProblem('2026-03-01', at('2026-03-02T10:00:00Z'))).toBe('is before the day of admission');
    expect(readyDateProblem('2026-02-30', at('2026-01-02T10:00:00Z'))).toBe('is not a real date');
    expect(readyDateProblem('2026-03-02', at('2026-03-02T10:00:00Z'))).toBeNull();
    expect(readyDateProblem('not-a-date', at('2026-03-02T10:00:00Z'))).toBe('is not a real date');
  });

  it('days from DRD to discharge count calendar days, 0 when discharged on the DRD', () => {
    expect(daysDrdToDischarge('2026-03-10', at('2026-03-10T17:00:00Z'))).toBe(0);
    expect(daysDrdToDischarge('2026-03-10', at('2026-03-13T09:00:00Z'))).toBe(3);
    expect(daysDrdToDischarge('2026-03-10', at('2026-03-09T09:00:00Z'))).toBe(0);
  });
});

describe('long stays and delays', () => {
  it('flags 7, 14 and 21 days', () => {
    expect(longStayFlag(6)).toBeNull();
    expect(longStayFlag(7)).toBe(7);
    expect(longStayFlag(20)).toBe(14);
    expect(longStayFlag(21)).toBe(21);
    expect(lengthOfStayDays(at('2026-03-01T23:00:00Z'), at('2026-03-08T01:00:00Z'))).toBe(7);
  });

  it('every code has a default attribution the team may override', () => {
    expect(DELAY_CODE_LIST.length).toBeGreaterThan(10);
    expect(attributionFor('awaiting_pathway_3_care_home')).toBe('social_care');
    expect(attributionFor('awaiting_pathway_2_bed')).toBe('nhs');
    expect(attributionFor('awaiting_pathway_2_bed', 'both')).toBe('both');
  });
});

describe('midnight snapshots', () => {
  it('midnight at the end of a day in England, winter and summer', () => {
    expect(endOfLocalDay('2026-01-31').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(endOfLocalDay('2026-06-30').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    // The clocks go forward on 29 March 2026 (at 01:00 UTC): the end of 28 March is still GMT.
    expect(endOfLocalDay('2026-03-28').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLocalDay('2026-03-29').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('catches up every day missed since the last snapshot, up to yesterday', () => {
    expect(snapshotDaysDue('2026-03-01', at('2026-03-04T08:00:00Z'), 7)).toEqual(['2026-03-02', '2026-03-03']);
    expect(snapshotDaysDue('2026-03-03', at('2026-03-04T08:00:00Z'), 7)).toEqual([]);
    // Down for 100 days: still every day, none skipped.
    expect(snapshotDaysDue('2026-01-01', at('2026-04-11T08:00:00Z'), 7)).toHaveLength(99);
  });

  it('the first run covers the configured number of days', () => {
    expect(snapshotDaysDue(null, at('2026-03-04T08:00:00Z'), 3)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });
});
