import type { Relationship } from '../../../common/access/domain/access-policy';

export const CONSENT_DECISIONS = ['granted', 'declined', 'best_interests'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];
export const CONSENT_SCOPES = ['care_plan_sharing'] as const;

/** The relationship care plan authorship gives a team (the teams of every version's author). */
export const CARE_PLAN_AUTHOR = 'care_plan_author';
/** Mirrors PRACTICE_ALIGNMENT in the access gate (kept as a literal so this file stays pure). */
export const PRACTICE_TEAM = 'gp_practice_alignment';

/**
 * The consent rule for the care plan, layered on the access gate. When the patient declined
 * sharing, only the GP practice team (teams aligned to the patient's practice) and the authoring
 * team may read the plan: only those relationships count, and "read any patient" does not apply.
 * Anyone else needs break-glass. Returns null when consent does not restrict (granted, best
 * interests, or not recorded yet: the plan is shared as the default of the service).
 */
export function relationshipsUnderConsent(decision: ConsentDecision | null, relationships: readonly Relationship[]): Relationship[] | null {
  if (decision !== 'declined') return null;
  return relationships.filter((r) => r.staffId === undefined && (r.relationship === PRACTICE_TEAM || r.relationship === CARE_PLAN_AUTHOR));
}
