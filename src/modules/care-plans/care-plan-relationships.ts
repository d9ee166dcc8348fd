import { CARE_PLAN_AUTHOR_TEAMS } from './care-plans.repository';

import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import type { CarePlansRepository } from './care-plans.repository';
import { CARE_PLAN_AUTHOR } from './domain/consent';
import { versionStatus } from './domain/plan-status';
import { isReviewOverdue } from './domain/review';

/** Every team an author of any version of the plan belonged to knows the patient ("the authoring team"). */
export const carePlanAuthorship: RelationshipProvider = teamsRelationship(CARE_PLAN_AUTHOR, CARE_PLAN_AUTHOR_TEAMS);

/**
 * The single view's `carePlan`: status, version, review date and the sharing decision, never the
 * plan's contents (those follow the consent rule on the care plan's own endpoints).
 */
export function carePlanSection(plans: CarePlansRepository, now: () => Date): PatientViewContributor {
  return async (em, patient) => {
    const v = await plans.summary(em, patient.id);
    const consent = await plans.currentDecision(em, patient.id);
    if (!v) return { carePlan: null };
    return {
      carePlan: {
        status: versionStatus(v.version, v.version, v.agreements),
        version: v.version,
        updatedAt: v.createdAt.toISOString(),
        reviewDueAt: v.reviewDueAt?.toISOString() ?? null,
        reviewOverdue: isReviewOverdue(v.reviewDueAt, now()),
        sharingConsent: consent,
      },
    };
  };
}
