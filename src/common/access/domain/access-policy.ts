import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { checkAccessReason } from './break-glass';

/** Why a team (or a person) is entitled to see a patient. Capabilities add their own kinds. */
export interface Relationship {
  teamCode: string;
  relationship: string;
  /** Set when the relationship is with a named person (e.g. the care coordinator). */
  staffId?: string;
  /**
   * Set when the relationship is with an organisation (the registered GP practice): it counts for
   * staff whose token `org` is this ODS code and who hold a practice role; `teamCode` then repeats
   * the ODS code and is never matched against a user's teams.
   */
  orgOds?: string;
}

/** Roles that make a user staff of the GP practice named by their token `org`. */
export const PRACTICE_ROLES: readonly string[] = ['gp', 'practice_staff'];

export type AccessDecision =
  | { allowed: true; basis: 'read_any' | 'relationship' | 'break_glass'; via?: Relationship }
  | { allowed: false };

/**
 * The legitimate-relationship rule (api.md "Who sees a patient"):
 * - care navigators and discharge coordinators may find anyone (patient:read-any);
 * - otherwise the user must hold patient:read and one of their teams (or they themselves, or
 *   their GP practice: token `org` + a practice role) must have a relationship with the patient;
 * - otherwise break-glass: a stated reason opens the record, audited and alerted;
 * - otherwise no access (the API answers 404 so existence is not leaked).
 * A capability narrowing access further (the care plan under declined consent) passes only the
 * relationships that count and `readAny: false`.
 */
export function decideAccess(
  principal: Principal,
  relationships: readonly Relationship[],
  accessReason?: string,
  options: { readAny?: boolean } = {},
): AccessDecision {
  if ((options.readAny ?? true) && principal.permissions.has(Permission.PatientReadAny)) return { allowed: true, basis: 'read_any' };
  if (!principal.permissions.has(Permission.PatientRead)) return { allowed: false };
  const personal = relationships.find((r) => r.staffId !== undefined && r.staffId === principal.sub);
  if (personal) return { allowed: true, basis: 'relationship', via: personal };
  const practice = relationships.find(
    (r) => r.orgOds !== undefined && r.orgOds === principal.org && principal.roles.some((role) => PRACTICE_ROLES.includes(role)),
  );
  if (practice) return { allowed: true, basis: 'relationship', via: practice };
  const team = relationships.find((r) => r.staffId === undefined && r.orgOds === undefined && principal.teams.includes(r.teamCode));
  if (team) return { allowed: true, basis: 'relationship', via: team };
  if (accessReason && checkAccessReason(accessReason).ok) return { allowed: true, basis: 'break_glass' };
  return { allowed: false };
}

/** One entry per team, relationships merged: what `knownTo` shows. */
export function summariseKnownTo(relationships: readonly Relationship[]): { teamCode: string; relationships: string[] }[] {
  const byTeam = new Map<string, Set<string>>();
  for (const r of relationships) {
    const set = byTeam.get(r.teamCode) ?? new Set<string>();
    set.add(r.relationship);
    byTeam.set(r.teamCode, set);
  }
  return [...byTeam.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([teamCode, set]) => ({ teamCode, relationships: [...set].sort() }));
}
