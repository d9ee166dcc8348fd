import { INPATIENT_IDT_TEAMS } from './admissions.repository';

import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';
import type { PatientViewContributor } from '../patients/patient-view.registry';
import type { AdmissionsRepository } from './admissions.repository';

export const INPATIENT_ADMISSION = 'inpatient_admission';

/**
 * While a patient is an inpatient, the integrated discharge team that recorded the admission
 * knows them (it plans their discharge); the relationship ends at discharge.
 */
export const inpatientAdmissionRelationship: RelationshipProvider = teamsRelationship(INPATIENT_ADMISSION, INPATIENT_IDT_TEAMS);

/** The single patient view's `currentAdmission` (the latest inpatient admission, or null). */
export function currentAdmissionSection(admissions: AdmissionsRepository): PatientViewContributor {
  return async (em, patient) => {
    const a = await admissions.current(em, patient.id);
    return {
      currentAdmission: a
        ? {
            id: a.id,
            hospitalOds: a.hospitalOds,
            ward: a.ward,
            admittedAt: a.admittedAt.toISOString(),
            method: a.method,
            readmission: a.readmission,
            estimatedDischargeDate: a.estimatedDischargeDate,
            medicallyOptimisedAt: a.medicallyOptimisedAt?.toISOString() ?? null,
          }
        : null,
    };
  };
}
