import type { Relationship } from '../../../common/access/domain/access-policy';

export const CONSENT_DECISIONS = ['granted', 'declined', 'best_interests'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];
export const CONSENT_SCOPES = ['care_plan_sharing'] as const;

/** The relationship care plan authorship gives a team (the teams of every version's author). */
export const CARE_PLAN_AUTHOR = 'care_plan_author';
/** Mirrors REGISTERED_PRACTICE in the patients module (kept as a literal so this file stays pure). */
export const REGISTERED_PRACTICE = 'registered_practice';
/** The named care coordinator, on the patient record or of an open Pro-Active Care episode (personal). */
export const NAMED_COORDINATOR = ['care_coordinator', 'proactive_care_coordinator'] as const;

/**
 * The consent rule for the care plan, layered on the access gate. When the patient declined
 * sharing, only these may read the plan: the registered GP practice (its staff, by token org and
 * a practice role), the authoring team(s), and the named care coordinator personally. Teams that
 * are merely aligned to the practice do NOT pass, nor do other involved teams; "read any patient"
 * does not apply. Anyone else needs break-glass (audited, the practice alerted). Returns null when
 * consent does not restrict (granted, best interests, or not recorded yet: the plan is shared as
 * the default of the service).
 */
export function relationshipsUnderConsent(decision: ConsentDecision | null, relationships: readonly Relationship[]): Relationship[] | null {
  if (decision !== 'declined') return null;
  return relationships.filter(
    (r) =>
      (r.orgOds !== undefined && r.relationship === REGISTERED_PRACTICE) ||
      (r.staffId === undefined && r.orgOds === undefined && r.relationship === CARE_PLAN_AUTHOR) ||
      (r.staffId !== undefined && (NAMED_COORDINATOR as readonly string[]).includes(r.relationship)),
  );
}
