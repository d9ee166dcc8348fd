import { Permission } from '../../../common/auth/permissions';
import type { Principal } from '../../../common/auth/principal';
import { type DestinationStatus, OPEN_DESTINATION_STATUSES } from './referral-state';

/**
 * Who a caller is to a referral. A `referrer` (another organisation's system or staff) follows the
 * referrals its organisation sent (closed loop) without any patient permission. Care staff reach a
 * referral through the patient access gate (legitimate relationship, read-any, or break-glass):
 * sharing an organisation with the navigator who took a referral gives them nothing.
 */
export function isReferringOrganisation(principal: Principal, createdByOrg: string | null): boolean {
  return principal.roles.includes('referrer') && principal.org !== undefined && createdByOrg !== null && principal.org === createdByOrg;
}

/** The referrer's organisation or the single point of access may cancel an open referral. */
export function mayCancel(principal: Principal, createdByOrg: string | null): boolean {
  return isReferringOrganisation(principal, createdByOrg) || principal.permissions.has(Permission.ReferralTriage);
}

export interface PartRef {
  id: string;
  teamCode: string;
  status: DestinationStatus;
}

export type PartChoice =
  | { ok: true; part: PartRef }
  | { ok: false; problem: 'not_routed' | 'not_your_team' | 'unknown_destination' | 'ambiguous' };

/**
 * The routed part a team-side action is about: the named one, else the one held by one of the
 * caller's teams (an open one first). `anyTeam` lets the SPoA act on any part (reassign).
 */
export function chooseDestination(parts: readonly PartRef[], callerTeams: readonly string[], destinationId: string | undefined, anyTeam: boolean): PartChoice {
  if (parts.length === 0) return { ok: false, problem: 'not_routed' };
  const allowed = (p: PartRef) => anyTeam || callerTeams.includes(p.teamCode);
  if (destinationId !== undefined) {
    const part = parts.find((p) => p.id === destinationId);
    if (!part) return { ok: false, problem: 'unknown_destination' };
    return allowed(part) ? { ok: true, part } : { ok: false, problem: 'not_your_team' };
  }
  const mine = parts.filter((p) => callerTeams.includes(p.teamCode));
  const candidates = mine.length > 0 ? mine : anyTeam ? [...parts] : [];
  if (candidates.length === 0) return { ok: false, problem: 'not_your_team' };
  if (candidates.length === 1) return { ok: true, part: candidates[0] };
  const open = candidates.filter((p) => OPEN_DESTINATION_STATUSES.includes(p.status));
  if (open.length === 1) return { ok: true, part: open[0] };
  return { ok: false, problem: 'ambiguous' };
}
