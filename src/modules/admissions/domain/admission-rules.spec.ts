import { delayedDays, estimatedDateProblem, isReadmission, knownToPairs, localDate, needsFollowUp, timeProblem } from './admission-rules';

describe('admission rules', () => {
  describe('delayedDays', () => {
    it('counts calendar days in England from medically optimised to discharge', () => {
      expect(delayedDays(new Date('2026-03-02T10:00:00Z'), new Date('2026-03-05T09:00:00Z'))).toBe(3);
      expect(delayedDays(new Date('2026-03-02T08:00:00Z'), new Date('2026-03-02T20:00:00Z'))).toBe(0);
      expect(delayedDays(null, new Date('2026-03-05T09:00:00Z'))).toBe(0);
    });

    it('uses the English date, not the UTC one (BST)', () => {
      // 23:30 UTC on 1 July is 00:30 on 2 July in London.
      expect(localDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
      expect(delayedDays(new Date('2026-07-01T23:30:00Z'), new Date('2026-07-02T10:00:00Z'))).toBe(0);
    });

    it('is never negative', () => {
      expect(delayedDays(new Date('2026-03-05T10:00:00Z'), new Date('2026-03-02T10:00:00Z'))).toBe(0);
    });
  });

  describe('isReadmission', () => {
    const discharged = new Date('2026-03-01T12:00:00Z');
    it('flags an emergency admission within the window', () => {
      expect(isReadmission('emergency', new Date('2026-03-20T12:00:00Z'), discharged, 30)).toBe(true);
      expect(isReadmission('emergency', new Date('2026-03-31T12:00:00Z'), discharged, 30)).toBe(true);
    });
    it('does not flag elective admissions, admissions after the window, or first admissions', () => {
      expect(isReadmission('elective', new Date('2026-03-20T12:00:00Z'), discharged, 30)).toBe(false);
      expect(isReadmission('emergency', new Date('2026-04-01T12:00:01Z'), discharged, 30)).toBe(false);
      expect(isReadmission('emergency', new Date('2026-03-20T12:00:00Z'), null, 30)).toBe(false);
    });
  });

  describe('times', () => {
    const admitted = new Date('2026-03-01T12:00:00Z');
    const now = new Date('2026-03-10T12:00:00Z');
    it('refuses times before admission, before a prerequisite, or in the future', () => {
      expect(timeProblem(new Date('2026-03-01T11:00:00Z'), admitted, now)).toBe('is before the admission');
      expect(timeProblem(new Date('2026-03-11T12:00:00Z'), admitted, now)).toBe('is in the future');
      expect(timeProblem(new Date('2026-03-03T12:00:00Z'), admitted, now, { at: new Date('2026-03-04T12:00:00Z'), what: 'medically optimised' })).toBe(
        'is before medically optimised',
      );
      expect(timeProblem(new Date('2026-03-05T12:00:00Z'), admitted, now, { at: null, what: 'x' })).toBeNull();
      expect(timeProblem(new Date('invalid'), admitted, now)).toBe('is not a real time');
    });
    it('refuses an estimated discharge date before the day of admission', () => {
      expect(estimatedDateProblem('2026-02-28', admitted)).toBe('is before the day of admission');
      expect(estimatedDateProblem('2026-03-01', admitted)).toBeNull();
    });
  });

  it('lists knownTo once per team and relationship, sorted', () => {
    expect(
      knownToPairs([
        { teamCode: 'NCT-B', relationship: 'open_referral' },
        { teamCode: 'NCT-A', relationship: 'gp_practice_alignment' },
        { teamCode: 'NCT-B', relationship: 'open_referral' },
      ]),
    ).toEqual([
      { teamCode: 'NCT-A', relationship: 'gp_practice_alignment' },
      { teamCode: 'NCT-B', relationship: 'open_referral' },
    ]);
  });

  it('arranges follow-up for every destination but death', () => {
    expect(needsFollowUp('usual_residence')).toBe(true);
    expect(needsFollowUp('died')).toBe(false);
  });
});
