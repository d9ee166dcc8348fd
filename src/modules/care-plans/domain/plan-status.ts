/**
 * When a plan version is agreed: the GP (accountable lead) and the patient or their representative
 * have both agreed that version. An agreement given with the patient present (patientInvolved)
 * counts for the patient's side. A later version starts as a draft; earlier ones are superseded.
 */
export const AGREEMENT_ROLES = ['gp', 'patient', 'representative', 'care_coordinator', 'proactive_care_episode', 'mdt'] as const;
export type AgreementRole = (typeof AGREEMENT_ROLES)[number];

export type PlanStatus = 'draft' | 'agreed' | 'superseded';

export interface AgreementFacts {
  role: string;
  patientInvolved: boolean;
}

export function isAgreed(agreements: readonly AgreementFacts[]): boolean {
  const lead = agreements.some((a) => a.role === 'gp');
  const patientSide = agreements.some((a) => a.role === 'patient' || a.role === 'representative' || a.patientInvolved);
  return lead && patientSide;
}

/** Status of `version` when `latest` is the newest version and `agreements` are those given for `version`. */
export function versionStatus(version: number, latest: number, agreements: readonly AgreementFacts[]): PlanStatus {
  if (version < latest) return 'superseded';
  return isAgreed(agreements) ? 'agreed' : 'draft';
}

/** What the plan still needs before it is agreed (for the response, so users know). */
export function missingAgreements(agreements: readonly AgreementFacts[]): ('gp' | 'patient_or_representative')[] {
  const out: ('gp' | 'patient_or_representative')[] = [];
  if (!agreements.some((a) => a.role === 'gp')) out.push('gp');
  if (!agreements.some((a) => a.role === 'patient' || a.role === 'representative' || a.patientInvolved)) out.push('patient_or_representative');
  return out;
}
