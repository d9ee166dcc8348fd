import { inReachTeams, respondBy } from './in-reach';

describe('A&E in-reach', () => {
  it('alerts involved teams and the rapid response team, never teams that are only aligned', () => {
    const r = inReachTeams(
      [
        { teamCode: 'NCT-1', relationship: 'gp_practice_alignment' },
        { teamCode: 'IC-1', relationship: 'open_referral' },
        { teamCode: 'IDT', relationship: 'inpatient_admission' },
        { teamCode: 'IC-1', relationship: 'care_coordinator', staffId: 's1' },
      ],
      ['RR-1'],
    );
    expect(r).toEqual({ involved: ['IC-1'], alerted: ['IC-1', 'RR-1'] });
  });

  it('a patient only aligned to a practice is not known: nobody is alerted', () => {
    expect(inReachTeams([{ teamCode: 'NCT-1', relationship: 'gp_practice_alignment' }], ['RR-1'])).toEqual({ involved: [], alerted: [] });
  });

  it('the clock runs from arrival for the target', () => {
    expect(respondBy(new Date('2026-11-20T10:00:00Z'), 120).toISOString()).toBe('2026-11-20T12:00:00.000Z');
  });
});
