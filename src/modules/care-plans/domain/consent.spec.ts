import { decideAccess } from '../../../common/access/domain/access-policy';
import { permissionsFor } from '../../../common/auth/permissions';
import type { Principal } from '../../../common/auth/principal';
import { CARE_PLAN_AUTHOR, relationshipsUnderConsent } from './consent';

describe('care plan consent', () => {
  const practice = { teamCode: 'Z99001', relationship: 'registered_practice', orgOds: 'Z99001' };
  const aligned = { teamCode: 'NCT-A', relationship: 'gp_practice_alignment' };
  const author = { teamCode: 'RR', relationship: CARE_PLAN_AUTHOR };
  const referral = { teamCode: 'ASC', relationship: 'open_referral' };
  const coordinator = { teamCode: 'NCT-B', relationship: 'care_coordinator', staffId: 'cc-1' };
  const coordinatorTeam = { teamCode: 'NCT-B', relationship: 'care_coordinator_team' };
  const episodeCoordinator = { teamCode: 'NCT-C', relationship: 'proactive_care_coordinator', staffId: 'cc-2' };
  const rels = [practice, aligned, author, referral, coordinator, coordinatorTeam, episodeCoordinator];

  it('does not restrict when granted, best interests or not recorded', () => {
    expect(relationshipsUnderConsent('granted', rels)).toBeNull();
    expect(relationshipsUnderConsent('best_interests', rels)).toBeNull();
    expect(relationshipsUnderConsent(null, rels)).toBeNull();
  });

  it('keeps the registered practice, the authoring team and the named coordinators when declined; aligned teams do not pass', () => {
    expect(relationshipsUnderConsent('declined', rels)).toEqual([practice, author, coordinator, episodeCoordinator]);
  });

  it('an aligned team cannot pretend to be the practice or the author', () => {
    const fake = [{ teamCode: 'Z99001', relationship: 'registered_practice' }, { teamCode: 'RR', relationship: CARE_PLAN_AUTHOR, orgOds: 'RR' }];
    expect(relationshipsUnderConsent('declined', fake)).toEqual([]);
  });

  describe('who reads a declined plan (through decideAccess, read-any off)', () => {
    const user = (roles: string[], teams: string[], sub = 'u1', org?: string): Principal => ({ sub, roles, teams, org, permissions: permissionsFor(roles) });
    const can = (p: Principal) => decideAccess(p, relationshipsUnderConsent('declined', rels) ?? [], undefined, { readAny: false }).allowed;
    it.each([
      ['the GP of the registered practice', user(['gp'], [], 'gp1', 'Z99001'), true],
      ['practice staff of the registered practice', user(['practice_staff'], [], 'ps1', 'Z99001'), true],
      ['a GP of another practice', user(['gp'], [], 'gp2', 'Z99002'), false],
      ['a clinician with the practice org but no practice role', user(['clinician'], [], 'c0', 'Z99001'), false],
      ['the aligned neighbourhood team', user(['clinician'], ['NCT-A'], 'c1'), false],
      ['the authoring team', user(['clinician'], ['RR'], 'c2'), true],
      ['a team with an open referral only', user(['clinician'], ['ASC'], 'c3'), false],
      ['the named care coordinator', user(['care_coordinator'], [], 'cc-1'), true],
      ["the coordinator's team colleague", user(['clinician'], ['NCT-B'], 'c4'), false],
      ['the episode care coordinator', user(['care_coordinator'], [], 'cc-2'), true],
      ['a care navigator (read any)', user(['care_navigator'], ['SPOA'], 'n1'), false],
    ])('%s: %s', (_who, principal, allowed) => {
      expect(can(principal)).toBe(allowed);
    });
  });
});
