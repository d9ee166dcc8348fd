import { compact, localConcept, organizationRef, patientRef } from './common';

/** The parts of an admission view the mapping reads (modules/admissions AdmissionView). */
export interface AdmissionInput {
  id: string;
  nhsNumber: string;
  hospitalOds: string;
  ward: string | null;
  admittedAt: string;
  method: string;
  reason: string | null;
  status: string;
  readmission: boolean;
  estimatedDischargeDate: string | null;
  medicallyOptimisedAt: string | null;
  dischargedAt: string | null;
  destination: string | null;
  version: number;
  createdAt: string;
}

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const DISPOSITION = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';

/** Our discharge destinations -> R4 discharge-disposition (home, other care facility, skilled nursing, other hospital, expired, other). */
const DISCHARGE: Record<string, { code: string; display: string }> = {
  usual_residence: { code: 'home', display: 'Home' },
  step_down_bed: { code: 'other-hcf', display: 'Other healthcare facility' },
  care_home_new: { code: 'snf', display: 'Skilled nursing facility' },
  other_hospital: { code: 'hosp', display: 'Hospital' },
  died: { code: 'exp', display: 'Expired' },
  other: { code: 'oth', display: 'Other' },
};

/**
 * An admission as an inpatient Encounter (class IMP): in-progress while an inpatient, finished once
 * discharged; period from admission to discharge; the hospital as serviceProvider; emergency or
 * elective as type (and priority EM); the discharge destination as hospitalization.dischargeDisposition;
 * a readmission within 30 days as hospitalization.reAdmission; the ward as a location display.
 */
export function toFhirEncounter(a: AdmissionInput) {
  const disposition = a.destination ? DISCHARGE[a.destination] : undefined;
  return compact({
    resourceType: 'Encounter' as const,
    id: a.id,
    meta: { versionId: String(a.version), lastUpdated: a.dischargedAt ?? a.medicallyOptimisedAt ?? a.createdAt },
    status: a.status === 'discharged' ? 'finished' : 'in-progress',
    class: { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
    type: [localConcept('admission-method', a.method, `${a.method} admission`)],
    priority: a.method === 'emergency' ? { coding: [{ system: ACT_CODE, code: 'EM', display: 'emergency' }] } : undefined,
    subject: patientRef(a.nhsNumber),
    period: compact({ start: a.admittedAt, end: a.dischargedAt ?? undefined }),
    reasonCode: a.reason ? [{ text: a.reason }] : undefined,
    hospitalization: compact({
      reAdmission: a.readmission ? { text: 'Readmission within 30 days of a discharge' } : undefined,
      dischargeDisposition: disposition ? { coding: [{ system: DISPOSITION, ...disposition }], text: a.destination?.replace(/_/g, ' ') } : undefined,
    }),
    location: a.ward ? [{ location: { display: a.ward }, status: a.status === 'discharged' ? 'completed' : 'active' }] : undefined,
    serviceProvider: organizationRef(a.hospitalOds),
  });
}
