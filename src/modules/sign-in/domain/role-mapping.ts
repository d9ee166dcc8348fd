import { isRole } from '../../../common/auth/permissions';

/** The configuration file (config/nrbac-role-map.json): national codes to our roles, teams and organisations. */
export interface RoleMap {
  roles: Record<string, string[]>;
  teams: Record<string, string>;
  organisations: string[];
}

/** What the service's principal is built from: the same claims a bearer token carries. */
export interface MappedClaims {
  roles: string[];
  teams: string[];
  org?: string;
}

interface NrbacRole {
  person_roleid?: unknown;
  org_code?: unknown;
  role_code?: unknown;
  workgroups_codes?: unknown;
}

const CODE = /^[A-Za-z0-9-]{1,40}$/;

/** Validates a parsed role map file; throws with the first problem (config is checked at boot). */
export function parseRoleMap(raw: unknown): RoleMap {
  const o = raw as Partial<RoleMap> | null;
  if (!o || typeof o !== 'object') throw new Error('the role map must be a JSON object');
  const roles = o.roles ?? {};
  for (const [code, mapped] of Object.entries(roles)) {
    if (!Array.isArray(mapped) || mapped.some((r) => typeof r !== 'string' || !isRole(r))) throw new Error(`roles.${code} must list roles of this service`);
  }
  const teams = o.teams ?? {};
  for (const [code, team] of Object.entries(teams)) if (typeof team !== 'string' || !CODE.test(team)) throw new Error(`teams.${code} must be a team code`);
  const organisations = o.organisations ?? [];
  if (!Array.isArray(organisations) || organisations.some((x) => typeof x !== 'string' || !CODE.test(x))) throw new Error('organisations must be a list of ODS codes');
  return { roles, teams, organisations };
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * CIS2-style national RBAC to our claims. Each nhsid_nrbac_roles entry is a role the person holds
 * at an organisation; when the provider says which one the person selected (selected_roleid),
 * only that one counts (a smartcard session acts in one role). The R code (last part of
 * role_code) gives roles, workgroup codes give teams, org_code gives org; a code the map does not
 * list gives nothing: an unknown role grants no access. The result is sorted and de-duplicated.
 */
export function mapNrbacRoles(claims: Record<string, unknown>, map: RoleMap): MappedClaims {
  const all = Array.isArray(claims.nhsid_nrbac_roles) ? (claims.nhsid_nrbac_roles as NrbacRole[]) : [];
  const selected = typeof claims.selected_roleid === 'string' ? claims.selected_roleid : undefined;
  const entries = all.filter((e) => e && typeof e === 'object' && (selected === undefined || e.person_roleid === selected));
  const roles = new Set<string>();
  const teams = new Set<string>();
  const orgs = new Set<string>();
  for (const e of entries) {
    const rCode = typeof e.role_code === 'string' ? e.role_code.split(':').pop() : undefined;
    const mapped = rCode ? (map.roles[rCode] ?? []) : [];
    if (mapped.length === 0) continue;
    for (const r of mapped) roles.add(r);
    for (const wg of strings(e.workgroups_codes)) if (map.teams[wg]) teams.add(map.teams[wg]);
    if (typeof e.org_code === 'string' && map.organisations.includes(e.org_code)) orgs.add(e.org_code);
  }
  // One org claim: the organisation of the (selected) role; several different ones give none.
  const org = orgs.size === 1 ? [...orgs][0] : undefined;
  return { roles: [...roles].sort(), teams: [...teams].sort(), ...(org ? { org } : {}) };
}

/**
 * The claims of a signed-in user: the service's own roles/teams/org claims when the provider issues
 * them (as the development tokens do), otherwise the national RBAC mapping.
 */
export function claimsFromIdentity(claims: Record<string, unknown>, map: RoleMap): MappedClaims {
  const own = strings(claims.roles).filter(isRole);
  if (own.length) {
    return { roles: [...new Set(own)].sort(), teams: [...new Set(strings(claims.teams))].sort(), ...(typeof claims.org === 'string' ? { org: claims.org } : {}) };
  }
  return mapNrbacRoles(claims, map);
}
