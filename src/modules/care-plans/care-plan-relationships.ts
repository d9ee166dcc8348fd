import type { EntityManager } from 'typeorm';
import type { Relationship } from '../../common/access/domain/access-policy';
import type { PatientRef, RelationshipProvider } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import { CARE_PLAN_AUTHOR } from './domain/consent';
import { versionStatus } from './domain/plan-status';
import { isReviewOverdue } from './domain/review';

/** Every team an author of any version of the plan belonged to knows the patient ("the authoring team"). */
export const carePlanAuthorship: RelationshipProvider = {
  name: CARE_PLAN_AUTHOR,
  async relationships(em: EntityManager, patient: PatientRef): Promise<Relationship[]> {
    const rows: { team_code: string }[] = await em.query(
      'SELECT DISTINCT unnest(author_team_codes) AS team_code FROM care_plan_versions WHERE patient_id = $1',
      [patient.id],
    );
    return rows.map((r) => ({ teamCode: r.team_code, relationship: CARE_PLAN_AUTHOR }));
  },
};

/**
 * The single view's `carePlan`: status, version, review date and the sharing decision, never the
 * plan's contents (those follow the consent rule on the care plan's own endpoints).
 */
export function carePlanSection(now: () => Date): PatientViewContributor {
  return async (em, patient) => {
    const rows: { version: number; review_due_at: Date | null; created_at: Date; agreements: { role: string; patientInvolved: boolean }[] }[] = await em.query(
      `SELECT v.version, v.review_due_at, v.created_at,
         COALESCE((SELECT json_agg(json_build_object('role', a.role, 'patientInvolved', a.patient_involved))
           FROM care_plan_agreements a WHERE a.patient_id = v.patient_id AND a.version = v.version), '[]'::json) AS agreements
       FROM care_plan_versions v WHERE v.patient_id = $1 ORDER BY v.version DESC LIMIT 1`,
      [patient.id],
    );
    const consent: { decision: string }[] = await em.query(
      'SELECT decision FROM care_plan_consents WHERE patient_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
      [patient.id],
    );
    const v = rows[0];
    if (!v) return { carePlan: null };
    return {
      carePlan: {
        status: versionStatus(v.version, v.version, v.agreements),
        version: v.version,
        updatedAt: v.created_at.toISOString(),
        reviewDueAt: v.review_due_at?.toISOString() ?? null,
        reviewOverdue: isReviewOverdue(v.review_due_at, now()),
        sharingConsent: consent[0]?.decision ?? null,
      },
    };
  };
}
