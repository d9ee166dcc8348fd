import { PRACTICE_ALIGNMENT } from '../../../common/access/patient-access.service';
import { CARE_PLAN_AUTHOR, PRACTICE_TEAM, relationshipsUnderConsent } from './consent';

describe('care plan consent', () => {
  const rels = [
    { teamCode: 'NCT-A', relationship: PRACTICE_TEAM },
    { teamCode: 'RR', relationship: CARE_PLAN_AUTHOR },
    { teamCode: 'ASC', relationship: 'open_referral' },
    { teamCode: 'NCT-A', relationship: 'care_coordinator', staffId: 'cc-1' },
  ];

  it('names the same relationship as the access gate', () => {
    expect(PRACTICE_TEAM).toBe(PRACTICE_ALIGNMENT);
  });

  it('does not restrict when granted, best interests or not recorded', () => {
    expect(relationshipsUnderConsent('granted', rels)).toBeNull();
    expect(relationshipsUnderConsent('best_interests', rels)).toBeNull();
    expect(relationshipsUnderConsent(null, rels)).toBeNull();
  });

  it('keeps only the practice team and the authoring team when declined', () => {
    expect(relationshipsUnderConsent('declined', rels)).toEqual([rels[0], rels[1]]);
  });
});
