/**
 * The referral state machine (api.md "Status set") and the state machine of each routed part
 * (destination). Pure: the service asks, applies the answer, and answers 409 INVALID_TRANSITION
 * with nothing changed when the answer is null.
 *
 *   awaiting_triage --triage_accept--> accepted --first_contact--> in_progress --complete--> completed
 *   awaiting_triage --return_to_referrer--> returned_to_referrer
 *   awaiting_triage --decline--> declined
 *   awaiting_triage | accepted | in_progress --cancel--> cancelled
 *
 * A referral routed to several services is `in_progress` once any part has had first contact and
 * `completed` once every part that was not cancelled is completed (rollUp).
 */
export const REFERRAL_STATUSES = [
  'awaiting_triage',
  'accepted',
  'in_progress',
  'completed',
  'returned_to_referrer',
  'declined',
  'cancelled',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** A referral is open until it is completed, returned, declined or cancelled. The one list of them. */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['awaiting_triage', 'accepted', 'in_progress'];
/**
 * The same list as SQL (`status IN ${OPEN_REFERRAL_STATUSES_SQL}`), for statements and partial
 * indexes: the planner matches an index's `status IN (...)` only against the same literals, so it
 * is written out here once (a unit test keeps it equal to the list) rather than bound as a parameter.
 */
export const OPEN_REFERRAL_STATUSES_SQL = `('awaiting_triage', 'accepted', 'in_progress')`;

export const REFERRAL_EVENTS = ['triage_accept', 'return_to_referrer', 'decline', 'first_contact', 'complete', 'cancel'] as const;
export type ReferralEvent = (typeof REFERRAL_EVENTS)[number];

const REFERRAL: Record<ReferralStatus, Partial<Record<ReferralEvent, ReferralStatus>>> = {
  awaiting_triage: { triage_accept: 'accepted', return_to_referrer: 'returned_to_referrer', decline: 'declined', cancel: 'cancelled' },
  accepted: { first_contact: 'in_progress', cancel: 'cancelled' },
  in_progress: { first_contact: 'in_progress', complete: 'completed', cancel: 'cancelled' },
  completed: {},
  returned_to_referrer: {},
  declined: {},
  cancelled: {},
};

export function nextReferralStatus(status: ReferralStatus, event: ReferralEvent): ReferralStatus | null {
  return REFERRAL[status][event] ?? null;
}

export function isOpenReferral(status: ReferralStatus): boolean {
  return OPEN_REFERRAL_STATUSES.includes(status);
}

/**
 * A routed part: the receiving team accepts it (taking ownership), records first contact (which
 * stops its clock; first contact without a prior accept implies acceptance), and completes it with
 * an outcome. Before first contact it can be reassigned to another team (it then awaits that team's
 * acceptance, keeping its clock). After first contact an onward move is a completion with
 * outcome `onward_referral`. Parts are cancelled with their referral.
 */
export const DESTINATION_STATUSES = ['awaiting_acceptance', 'accepted', 'in_progress', 'completed', 'cancelled'] as const;
export type DestinationStatus = (typeof DESTINATION_STATUSES)[number];
export const OPEN_DESTINATION_STATUSES: readonly DestinationStatus[] = ['awaiting_acceptance', 'accepted', 'in_progress'];
/** The same list as SQL (see OPEN_REFERRAL_STATUSES_SQL). */
export const OPEN_DESTINATION_STATUSES_SQL = `('awaiting_acceptance', 'accepted', 'in_progress')`;
/** Parts whose response clock is still running (no first contact yet). */
export const AWAITING_CONTACT_STATUSES: readonly DestinationStatus[] = ['awaiting_acceptance', 'accepted'];
/** The same list as SQL (see OPEN_REFERRAL_STATUSES_SQL). */
export const AWAITING_CONTACT_STATUSES_SQL = `('awaiting_acceptance', 'accepted')`;

export const DESTINATION_EVENTS = ['accept', 'first_contact', 'complete', 'reassign', 'cancel'] as const;
export type DestinationEvent = (typeof DESTINATION_EVENTS)[number];

const DESTINATION: Record<DestinationStatus, Partial<Record<DestinationEvent, DestinationStatus>>> = {
  awaiting_acceptance: { accept: 'accepted', first_contact: 'in_progress', reassign: 'awaiting_acceptance', cancel: 'cancelled' },
  accepted: { first_contact: 'in_progress', reassign: 'awaiting_acceptance', cancel: 'cancelled' },
  in_progress: { complete: 'completed', cancel: 'cancelled' },
  completed: {},
  cancelled: {},
};

export function nextDestinationStatus(status: DestinationStatus, event: DestinationEvent): DestinationStatus | null {
  return DESTINATION[status][event] ?? null;
}

/**
 * The referral's status implied by its parts after a team-side change (accepted or in_progress
 * referrals only; other statuses are returned unchanged).
 */
export function rollUp(status: ReferralStatus, parts: readonly DestinationStatus[]): ReferralStatus {
  if (status !== 'accepted' && status !== 'in_progress') return status;
  const live = parts.filter((p) => p !== 'cancelled');
  if (live.length > 0 && live.every((p) => p === 'completed')) return 'completed';
  if (live.some((p) => p === 'in_progress' || p === 'completed')) return 'in_progress';
  return 'accepted';
}

/** The referral event that moves `from` to `to` by rollUp (null when nothing moves). */
export function rollUpEvent(from: ReferralStatus, to: ReferralStatus): ReferralEvent | null {
  if (from === to) return null;
  if (to === 'in_progress') return 'first_contact';
  if (to === 'completed') return 'complete';
  return null;
}
