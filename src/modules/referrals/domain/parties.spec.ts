import { Permission, permissionsFor } from '../../../common/auth/permissions';
import type { Principal } from '../../../common/auth/principal';
import { chooseDestination, isReferringOrganisation, mayCancel, type PartRef } from './parties';

function principal(roles: string[], org?: string, teams: string[] = []): Principal {
  return { sub: 's', roles, org, teams, permissions: permissionsFor(roles) };
}

describe('referral parties', () => {
  it('knows the referring organisation by the org claim', () => {
    expect(isReferringOrganisation(principal(['referrer'], 'ZEKHT'), 'ZEKHT')).toBe(true);
    expect(isReferringOrganisation(principal(['referrer'], 'OTHER'), 'ZEKHT')).toBe(false);
    expect(isReferringOrganisation(principal(['referrer']), null)).toBe(false);
    expect(isReferringOrganisation(principal(['clinician'], 'ZEKHT'), 'ZEKHT')).toBe(false);
  });

  it('lets the referrer or the SPoA cancel, nobody else', () => {
    expect(mayCancel(principal(['referrer'], 'ZEKHT'), 'ZEKHT')).toBe(true);
    expect(mayCancel(principal(['care_navigator'], 'ZKCHT'), 'ZEKHT')).toBe(true);
    expect(principal(['care_navigator']).permissions.has(Permission.ReferralTriage)).toBe(true);
    expect(mayCancel(principal(['clinician'], 'ZKCHT'), 'ZEKHT')).toBe(false);
  });
});

describe('chooseDestination', () => {
  const parts: PartRef[] = [
    { id: 'a', teamCode: 'RR', status: 'accepted' },
    { id: 'b', teamCode: 'ASC', status: 'awaiting_acceptance' },
  ];

  it("picks the part held by the caller's team", () => {
    expect(chooseDestination(parts, ['ASC'], undefined, false)).toEqual({ ok: true, part: parts[1] });
  });

  it('refuses a caller whose teams hold no part, unless they may act on any', () => {
    expect(chooseDestination(parts, ['NCT'], undefined, false)).toEqual({ ok: false, problem: 'not_your_team' });
    expect(chooseDestination(parts, ['NCT'], 'a', false)).toEqual({ ok: false, problem: 'not_your_team' });
    expect(chooseDestination(parts, ['SPOA'], 'a', true)).toEqual({ ok: true, part: parts[0] });
    expect(chooseDestination(parts, ['SPOA'], undefined, true)).toEqual({ ok: false, problem: 'ambiguous' });
  });

  it('needs a destinationId when the caller holds several open parts', () => {
    expect(chooseDestination(parts, ['RR', 'ASC'], undefined, false)).toEqual({ ok: false, problem: 'ambiguous' });
    expect(chooseDestination(parts, ['RR', 'ASC'], 'b', false)).toEqual({ ok: true, part: parts[1] });
    expect(chooseDestination([{ ...parts[0], status: 'completed' }, parts[1]], ['RR', 'ASC'], undefined, false)).toEqual({ ok: true, part: parts[1] });
  });

  it('says when nothing is routed yet or the id is not a part', () => {
    expect(chooseDestination([], ['RR'], undefined, false)).toEqual({ ok: false, problem: 'not_routed' });
    expect(chooseDestination(parts, ['RR'], 'zzz', false)).toEqual({ ok: false, problem: 'unknown_destination' });
  });
});
