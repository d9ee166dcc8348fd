import { permissionsFor } from '../../../common/auth/permissions';
import type { Principal } from '../../../common/auth/principal';
import { mayImportForPractice, mayReadPractice } from './practice-access';

const who = (roles: string[], teams: string[] = [], org?: string): Principal => ({ sub: 's', roles, teams, org, permissions: permissionsFor(roles) });

describe('practice access', () => {
  it('lets aligned teams and read-any users read a practice, never commissioners', () => {
    expect(mayReadPractice(who(['care_coordinator'], ['NCT-A']), ['NCT-A'])).toBe(true);
    expect(mayReadPractice(who(['care_coordinator'], ['NCT-B']), ['NCT-A'])).toBe(false);
    expect(mayReadPractice(who(['gp'], [], 'P1'), ['NCT-A'])).toBe(false);
    expect(mayReadPractice(who(['care_navigator'], ['SPOA']), [])).toBe(true);
    expect(mayReadPractice(who(['commissioner'], ['NCT-A']), ['NCT-A'])).toBe(false);
  });

  it('lets the practice itself or an aligned team import', () => {
    expect(mayImportForPractice(who(['gp'], [], 'P1'), 'P1', [])).toBe(true);
    expect(mayImportForPractice(who(['gp'], [], 'P2'), 'P1', [])).toBe(false);
    expect(mayImportForPractice(who(['care_coordinator'], ['NCT-A']), 'P1', ['NCT-A'])).toBe(true);
    expect(mayImportForPractice(who(['clinician'], ['NCT-A']), 'P1', ['NCT-A'])).toBe(false);
    expect(mayImportForPractice(who(['commissioner'], [], 'P1'), 'P1', [])).toBe(false);
  });
});
