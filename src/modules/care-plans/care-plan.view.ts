import type { CarePlanAgreementEntity } from './care-plan-agreement.entity';
import type { CarePlanConsentEntity } from './care-plan-consent.entity';
import type { CarePlanVersionEntity } from './care-plan-version.entity';
import { type PlanStatus, missingAgreements, versionStatus } from './domain/plan-status';

export const etagOf = (version: number) => `"${version}"`;

export function toConsentView(c: CarePlanConsentEntity) {
  return {
    decision: c.decision,
    scope: c.scope,
    recordedBy: c.recordedBy,
    recordedAt: c.recordedAt.toISOString(),
    notes: c.notes,
    createdAt: c.createdAt.toISOString(),
    createdBy: c.createdBy,
    ...(c.decision === 'best_interests'
      ? { decisionMaker: c.decisionMaker, healthAndWelfareLpa: c.healthAndWelfareLpa, decisionMakerIsAttorney: c.decisionMakerIsAttorney }
      : {}),
  };
}

export function toAgreementView(a: CarePlanAgreementEntity) {
  return {
    version: a.version,
    role: a.role,
    name: a.name,
    patientInvolved: a.patientInvolved,
    recordedAt: a.recordedAt.toISOString(),
    recordedBy: a.recordedBy,
    recordedByName: a.recordedByName,
    recordedOnBehalfOf: a.recordedOnBehalfOf,
  };
}

/** One version of the plan with its status (against the latest version) and agreements. */
export function toCarePlanView(
  nhsNumber: string,
  v: CarePlanVersionEntity,
  latest: number,
  agreements: CarePlanAgreementEntity[],
  consent: CarePlanConsentEntity | null,
) {
  const status: PlanStatus = versionStatus(v.version, latest, agreements);
  return {
    nhsNumber,
    version: v.version,
    latestVersion: latest,
    status,
    awaitingAgreementFrom: status === 'draft' ? missingAgreements(agreements) : [],
    ...v.sections,
    reviewDueAt: v.reviewDueAt?.toISOString() ?? null,
    changedSections: v.changedSections,
    createdAt: v.createdAt.toISOString(),
    createdBy: { staffId: v.createdBy, name: v.createdByName, teams: v.authorTeamCodes },
    agreements: agreements.map(toAgreementView),
    consent: consent ? toConsentView(consent) : null,
  };
}

export function toVersionSummary(v: CarePlanVersionEntity, latest: number, agreements: CarePlanAgreementEntity[]) {
  return {
    version: v.version,
    status: versionStatus(v.version, latest, agreements),
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    createdByName: v.createdByName,
    changedSections: v.changedSections,
    reviewDueAt: v.reviewDueAt?.toISOString() ?? null,
  };
}
