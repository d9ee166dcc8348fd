import { permissionsFor } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { decideAccess, summariseKnownTo } from './access-policy';

function user(roles: string[], teams: string[] = [], sub = 'staff-1', org?: string): Principal {
  return { sub, roles, teams, org, permissions: permissionsFor(roles) };
}

const practiceTeam = { teamCode: 'NCT-1', relationship: 'gp_practice_alignment' };
const coordinator = { teamCode: 'NCT-2', relationship: 'care_coordinator', staffId: 'staff-9' };

describe('decideAccess', () => {
  it('lets care navigators and discharge coordinators find anyone', () => {
    expect(decideAccess(user(['care_navigator']), [])).toEqual({ allowed: true, basis: 'read_any' });
    expect(decideAccess(user(['discharge_coordinator']), [])).toEqual({ allowed: true, basis: 'read_any' });
  });

  it('lets a capability switch read-any off (relationships or break-glass only)', () => {
    expect(decideAccess(user(['care_navigator'], ['SPOA']), [], undefined, { readAny: false })).toEqual({ allowed: false });
    expect(decideAccess(user(['care_navigator'], ['NCT-1']), [practiceTeam], undefined, { readAny: false }).allowed).toBe(true);
    expect(decideAccess(user(['care_navigator'], ['SPOA']), [], 'crisis call', { readAny: false })).toEqual({ allowed: true, basis: 'break_glass' });
  });

  it('allows a clinician whose team has a relationship', () => {
    expect(decideAccess(user(['clinician'], ['NCT-1']), [practiceTeam])).toEqual({
      allowed: true,
      basis: 'relationship',
      via: practiceTeam,
    });
  });

  it('allows the named care coordinator personally, not their whole team', () => {
    expect(decideAccess(user(['care_coordinator'], [], 'staff-9'), [coordinator]).allowed).toBe(true);
    expect(decideAccess(user(['care_coordinator'], ['NCT-2'], 'staff-8'), [coordinator]).allowed).toBe(false);
  });

  it('denies a clinician of an unrelated team unless they break the glass with a reason', () => {
    const u = user(['clinician'], ['OTHER']);
    expect(decideAccess(u, [practiceTeam])).toEqual({ allowed: false });
    expect(decideAccess(u, [practiceTeam], '  ')).toEqual({ allowed: false });
    expect(decideAccess(u, [practiceTeam], 'Patient collapsed in clinic')).toEqual({ allowed: true, basis: 'break_glass' });
  });

  it('never lets a role without patient permissions in, even with a reason', () => {
    for (const role of ['commissioner', 'admin', 'auditor', 'referrer']) {
      expect(decideAccess(user([role], ['NCT-1']), [practiceTeam], 'I need to see this')).toEqual({ allowed: false });
    }
  });
});

describe('decideAccess: the registered GP practice', () => {
  const registered = { teamCode: 'Z99001', relationship: 'registered_practice', orgOds: 'Z99001' };

  it('lets staff of the registered practice in by token org and a practice role, with no team', () => {
    for (const role of ['gp', 'practice_staff']) {
      expect(decideAccess(user([role], [], 'gp-1', 'Z99001'), [registered])).toEqual({ allowed: true, basis: 'relationship', via: registered });
    }
  });

  it('needs both: the same org and a practice role', () => {
    expect(decideAccess(user(['gp'], [], 'gp-1', 'Z99002'), [registered])).toEqual({ allowed: false });
    expect(decideAccess(user(['gp'], [], 'gp-1'), [registered])).toEqual({ allowed: false });
    expect(decideAccess(user(['clinician'], [], 'c-1', 'Z99001'), [registered])).toEqual({ allowed: false });
    expect(decideAccess(user(['care_coordinator'], [], 'c-1', 'Z99001'), [registered])).toEqual({ allowed: false });
  });

  it('never matches an organisation relationship against a team of the same code', () => {
    expect(decideAccess(user(['clinician'], ['Z99001'], 'c-1'), [registered])).toEqual({ allowed: false });
  });
});

describe('summariseKnownTo', () => {
  it('groups by team, sorted, without duplicates', () => {
    expect(
      summariseKnownTo([
        { teamCode: 'B', relationship: 'x' },
        { teamCode: 'A', relationship: 'y' },
        { teamCode: 'B', relationship: 'x' },
        { teamCode: 'B', relationship: 'a' },
      ]),
    ).toEqual([
      { teamCode: 'A', relationships: ['y'] },
      { teamCode: 'B', relationships: ['a', 'x'] },
    ]);
  });
});
