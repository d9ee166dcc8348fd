import { RELATIONSHIP_KINDS, involvedTeams, involvementOf, kindOf, summariseMayAccess } from './relationship-kinds';

const rel = (teamCode: string, relationship: string, extra: { staffId?: string; orgOds?: string } = {}) => ({ teamCode, relationship, ...extra });

describe('relationship kinds', () => {
  it('classifies every kind the service registers; only alignment, the registered practice and the A&E in-reach window are access-only', () => {
    const access = Object.entries(RELATIONSHIP_KINDS)
      .filter(([, v]) => v.kind === 'access')
      .map(([k]) => k)
      .sort();
    expect(access).toEqual(['ae_in_reach', 'gp_practice_alignment', 'registered_practice']);
  });

  it('counts an unclassified kind as involvement (a missed alert is the worse failure)', () => {
    expect(kindOf('something_new')).toBe('involvement');
  });

  it.each(Object.keys(RELATIONSHIP_KINDS))('%s: involvement answers exactly by its kind', (kind) => {
    const r = kind === 'registered_practice' ? rel('Z99001', kind, { orgOds: 'Z99001' }) : rel('T1', kind);
    expect(involvementOf([r]).length).toBe(RELATIONSHIP_KINDS[kind].kind === 'involvement' ? 1 : 0);
  });

  it('never counts an organisation relationship as a team involvement', () => {
    expect(involvementOf([rel('Z99001', 'open_referral', { orgOds: 'Z99001' })])).toEqual([]);
  });

  it('involvedTeams: sorted, unique, leaving out the named kinds', () => {
    const rels = [rel('B', 'open_referral'), rel('A', 'bed_stay'), rel('B', 'care_plan_author'), rel('C', 'gp_practice_alignment'), rel('IDT', 'inpatient_admission')];
    expect(involvedTeams(rels)).toEqual(['A', 'B', 'IDT']);
    expect(involvedTeams(rels, ['inpatient_admission'])).toEqual(['A', 'B']);
  });

  it('mayAccess groups teams and organisations separately', () => {
    expect(
      summariseMayAccess([rel('NCT', 'gp_practice_alignment'), rel('Z99001', 'registered_practice', { orgOds: 'Z99001' }), rel('NCT', 'open_referral')]),
    ).toEqual([
      { orgOds: 'Z99001', relationships: ['registered_practice'] },
      { teamCode: 'NCT', relationships: ['gp_practice_alignment', 'open_referral'] },
    ]);
  });
});
