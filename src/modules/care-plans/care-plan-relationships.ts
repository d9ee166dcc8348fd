import { iso, viewSection } from '../patients/patient-view.registry';
import { CARE_PLAN_OF_PATIENT, SHARING_DECISION_OF_PATIENT } from './care-plans.repository';
import { CARE_PLAN_AUTHOR_TEAMS } from './care-plans.repository';

import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import { CARE_PLAN_AUTHOR } from './domain/consent';
import { versionStatus } from './domain/plan-status';
import { isReviewOverdue } from './domain/review';

/** Every team an author of any version of the plan belonged to knows the patient ("the authoring team"). */
export const carePlanAuthorship: RelationshipProvider = teamsRelationship(CARE_PLAN_AUTHOR, CARE_PLAN_AUTHOR_TEAMS);

/**
 * The single view's `carePlan`: status, version, review date and the sharing decision, never the
 * plan's contents (those follow the consent rule on the care plan's own endpoints).
 */
export function carePlanSection(now: () => Date) {
  return viewSection({ plan: CARE_PLAN_OF_PATIENT, consent: SHARING_DECISION_OF_PATIENT }, ({ plan: [v], consent: [c] }) => {
    if (!v) return { carePlan: null };
    const reviewDueAt = v.reviewDueAt === null ? null : new Date(v.reviewDueAt);
    return {
      carePlan: {
        status: versionStatus(v.version, v.version, v.agreements),
        version: v.version,
        updatedAt: iso(v.createdAt),
        reviewDueAt: reviewDueAt?.toISOString() ?? null,
        reviewOverdue: isReviewOverdue(reviewDueAt, now()),
        sharingConsent: c?.decision ?? null,
      },
    };
  });
}
