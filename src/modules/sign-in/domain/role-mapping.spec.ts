import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimsFromIdentity, mapNrbacRoles, parseRoleMap } from './role-mapping';

const map = parseRoleMap({
  roles: { R8000: ['clinician'], R0260: ['gp'], R8008: ['care_navigator'] },
  teams: { 'WG-NCT-1': 'SKC-NCT-DD1', 'WG-SPOA': 'SKC-SPOA' },
  organisations: ['ZKCHT', 'Z99001'],
});
const role = (over: Record<string, unknown>) => ({ person_roleid: 'pr-1', org_code: 'ZKCHT', role_code: 'S8000:G8000:R8000', workgroups_codes: ['WG-NCT-1'], ...over });

describe('national RBAC role mapping', () => {
  it('maps the R code, workgroups and organisation to roles, teams and org', () => {
    expect(mapNrbacRoles({ nhsid_nrbac_roles: [role({})] }, map)).toEqual({ roles: ['clinician'], teams: ['SKC-NCT-DD1'], org: 'ZKCHT' });
  });

  it('gives nothing for an unknown role code, even with known workgroups and organisation', () => {
    expect(mapNrbacRoles({ nhsid_nrbac_roles: [role({ role_code: 'S9999:G9999:R9999' })] }, map)).toEqual({ roles: [], teams: [] });
  });

  it('ignores unknown workgroups and organisations', () => {
    expect(mapNrbacRoles({ nhsid_nrbac_roles: [role({ org_code: 'XYZ', workgroups_codes: ['WG-UNKNOWN'] })] }, map)).toEqual({ roles: ['clinician'], teams: [] });
  });

  it('uses only the selected role when the provider names one', () => {
    const claims = { selected_roleid: 'pr-2', nhsid_nrbac_roles: [role({}), role({ person_roleid: 'pr-2', role_code: 'S1:G1:R0260', org_code: 'Z99001', workgroups_codes: [] })] };
    expect(mapNrbacRoles(claims, map)).toEqual({ roles: ['gp'], teams: [], org: 'Z99001' });
  });

  it('unions several roles at one organisation; roles at different organisations give no single org', () => {
    const same = { nhsid_nrbac_roles: [role({}), role({ person_roleid: 'pr-2', role_code: 'S:G:R8008', workgroups_codes: ['WG-SPOA'] })] };
    expect(mapNrbacRoles(same, map)).toEqual({ roles: ['care_navigator', 'clinician'], teams: ['SKC-NCT-DD1', 'SKC-SPOA'], org: 'ZKCHT' });
    const two = { nhsid_nrbac_roles: [role({}), role({ person_roleid: 'pr-2', role_code: 'S:G:R0260', org_code: 'Z99001' })] };
    expect(mapNrbacRoles(two, map).org).toBeUndefined();
  });

  it('gives nothing without roles or with malformed entries', () => {
    expect(mapNrbacRoles({}, map)).toEqual({ roles: [], teams: [] });
    expect(mapNrbacRoles({ nhsid_nrbac_roles: 'R8000' }, map)).toEqual({ roles: [], teams: [] });
    expect(mapNrbacRoles({ nhsid_nrbac_roles: [null, 3, { role_code: 5 }] }, map)).toEqual({ roles: [], teams: [] });
  });

  it('keeps the service\u2019s own roles/teams/org claims working, and drops unknown roles from them', () => {
    expect(claimsFromIdentity({ roles: ['gp', 'superuser'], teams: ['T1'], org: 'Z99001', nhsid_nrbac_roles: [role({})] }, map)).toEqual({ roles: ['gp'], teams: ['T1'], org: 'Z99001' });
    expect(claimsFromIdentity({ nhsid_nrbac_roles: [role({})] }, map)).toEqual({ roles: ['clinician'], teams: ['SKC-NCT-DD1'], org: 'ZKCHT' });
  });

  it('refuses a map that grants a role the service does not have', () => {
    expect(() => parseRoleMap({ roles: { R1: ['superuser'] } })).toThrow('roles.R1');
    expect(() => parseRoleMap({ teams: { W: 'bad code!' } })).toThrow('teams.W');
  });

  it('accepts the map in the repository', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../../../../config/nrbac-role-map.json'), 'utf8'));
    expect(Object.keys(parseRoleMap(file).roles).length).toBeGreaterThan(5);
  });
});
