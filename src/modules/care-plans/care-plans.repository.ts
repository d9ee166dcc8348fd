import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CarePlanAgreementEntity } from './care-plan-agreement.entity';
import { CarePlanConsentEntity } from './care-plan-consent.entity';
import { CarePlanVersionEntity } from './care-plan-version.entity';

export type NewVersion = Pick<CarePlanVersionEntity, 'patientId' | 'version' | 'sections' | 'reviewDueAt' | 'changedSections' | 'createdBy' | 'createdByName' | 'authorTeamCodes'>;
export type NewAgreement = Pick<
  CarePlanAgreementEntity,
  'patientId' | 'version' | 'role' | 'name' | 'patientInvolved' | 'recordedBy' | 'recordedByName' | 'recordedOnBehalfOf'
>;
export type NewConsent = Omit<CarePlanConsentEntity, 'id' | 'createdAt' | 'patient'>;

/** Someone who saved a version of the plan: their first save and the name on their latest. */
export interface PlanAuthor {
  sub: string;
  name: string | null;
  firstSavedAt: Date;
}

/** The current version in brief, for the single patient view. */
export interface PlanSummary {
  version: number;
  reviewDueAt: Date | null;
  createdAt: Date;
  agreements: { role: string; patientInvolved: boolean }[];
}

/**
 * Anticipatory care plans: the append-only versions (`care_plan_versions`), their agreements
 * (`care_plan_agreements`) and the sharing decisions (`care_plan_consents`).
 */
/** The teams that authored a version of the patient's (`$1`) care plan. */
export const CARE_PLAN_AUTHOR_TEAMS = 'SELECT DISTINCT unnest(author_team_codes) AS team_code FROM care_plan_versions WHERE patient_id = $1';

/** The current version of the patient's (`$1`) care plan with its agreements: the single view's `carePlan`. */
export const CARE_PLAN_OF_PATIENT = `SELECT v.version, v.review_due_at AS "reviewDueAt", v.created_at AS "createdAt",
    COALESCE((SELECT json_agg(json_build_object('role', a.role, 'patientInvolved', a.patient_involved))
      FROM care_plan_agreements a WHERE a.patient_id = v.patient_id AND a.version = v.version), '[]'::json) AS agreements
  FROM care_plan_versions v WHERE v.patient_id = $1 ORDER BY v.version DESC LIMIT 1`;

/** The patient's (`$1`) latest care-plan sharing decision, for the single view (one column). */
export const SHARING_DECISION_OF_PATIENT = 'SELECT decision FROM care_plan_consents WHERE patient_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1';

@Injectable()
export class CarePlansRepository {
  latest(em: EntityManager, patientId: string): Promise<CarePlanVersionEntity | null> {
    return em.findOne(CarePlanVersionEntity, { where: { patientId }, order: { version: 'DESC' } });
  }

  version(em: EntityManager, patientId: string, version: number): Promise<CarePlanVersionEntity | null> {
    return em.findOne(CarePlanVersionEntity, { where: { patientId, version } });
  }

  /** Newest first, below `before` when given. */
  versions(em: EntityManager, patientId: string, before: number | undefined, limit: number): Promise<CarePlanVersionEntity[]> {
    const qb = em.createQueryBuilder(CarePlanVersionEntity, 'v').where('v.patient_id = :patientId', { patientId }).orderBy('v.version', 'DESC').limit(limit);
    if (before !== undefined) qb.andWhere('v.version < :after', { after: before });
    return qb.getMany();
  }

  /** Inserts the version; the unique (patient, version) key refuses a second save from the same base. */
  async insertVersion(em: EntityManager, v: NewVersion): Promise<CarePlanVersionEntity> {
    const rows = await em.createQueryBuilder().insert().into(CarePlanVersionEntity).values(v).returning(['id']).execute();
    return em.findOneByOrFail(CarePlanVersionEntity, { id: rows.raw[0].id });
  }

  /** Everyone who saved a version, in the order they first did. */
  async authors(em: EntityManager, patientId: string): Promise<PlanAuthor[]> {
    const rows: { created_by: string; created_by_name: string | null; first: Date }[] = await em.query(
      `SELECT created_by, (array_agg(created_by_name ORDER BY version DESC))[1] AS created_by_name, min(created_at) AS first
       FROM care_plan_versions WHERE patient_id = $1 GROUP BY created_by ORDER BY min(version)`,
      [patientId],
    );
    return rows.map((a) => ({ sub: a.created_by, name: a.created_by_name, firstSavedAt: a.first }));
  }

  agreements(em: EntityManager, patientId: string, version: number): Promise<CarePlanAgreementEntity[]> {
    return em.find(CarePlanAgreementEntity, { where: { patientId, version }, order: { recordedAt: 'ASC', id: 'ASC' } });
  }

  async insertAgreement(em: EntityManager, a: NewAgreement): Promise<void> {
    await em.insert(CarePlanAgreementEntity, a);
  }

  /** The latest sharing decision, or null. */
  currentConsent(em: EntityManager, patientId: string): Promise<CarePlanConsentEntity | null> {
    return em.findOne(CarePlanConsentEntity, { where: { patientId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Decisions newest first, at most `limit`. */
  consents(em: EntityManager, patientId: string, limit: number): Promise<CarePlanConsentEntity[]> {
    return em.find(CarePlanConsentEntity, { where: { patientId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  async insertConsent(em: EntityManager, c: NewConsent): Promise<CarePlanConsentEntity> {
    const rows = await em.createQueryBuilder().insert().into(CarePlanConsentEntity).values(c).returning(['id']).execute();
    return em.findOneByOrFail(CarePlanConsentEntity, { id: rows.raw[0].id });
  }
}
