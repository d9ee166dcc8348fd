import { TEAM_CODE_SYSTEM, compact, localConcept, patientRef } from './common';

/** An open alert as the patient's single view lists it (modules/patients openAlerts). */
export interface AlertInput {
  id: string;
  type: string;
  teamCode: string;
  createdAt: string;
}

const TEXT: Record<string, string> = {
  admission: 'Admitted to hospital',
  discharge: 'Discharged from hospital',
  readmission: 'Readmitted within 30 days',
  referral_breach: 'Referral response time breached',
  break_glass: 'Record opened by break-glass',
  care_plan_review_due: 'Care plan review due',
  bed_offer: 'Community bed offered',
};

/**
 * An open alert as a Flag: active, for the patient, since it was raised; the team it was raised to
 * is named in `author` by team code (Flag.author cannot point at a HealthcareService).
 */
export function toFhirFlag(a: AlertInput, nhsNumber: string) {
  return compact({
    resourceType: 'Flag' as const,
    id: a.id,
    meta: { lastUpdated: a.createdAt },
    status: 'active',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'admin', display: 'Administrative' }] }],
    code: localConcept('alert-type', a.type, TEXT[a.type] ?? a.type.replace(/_/g, ' ')),
    subject: patientRef(nhsNumber),
    period: { start: a.createdAt },
    author: { identifier: { system: TEAM_CODE_SYSTEM, value: a.teamCode }, display: `Raised to team ${a.teamCode}` },
  });
}
