import { iso, viewSection } from '../patients/patient-view.registry';
import { CURRENT_ADMISSION_OF_PATIENT } from './admissions.repository';
import { INPATIENT_IDT_TEAMS } from './admissions.repository';

import { type RelationshipProvider, teamsRelationship } from '../../common/access/relationship-registry';

export const INPATIENT_ADMISSION = 'inpatient_admission';

/**
 * While a patient is an inpatient, the integrated discharge team that recorded the admission
 * knows them (it plans their discharge); the relationship ends at discharge.
 */
export const inpatientAdmissionRelationship: RelationshipProvider = teamsRelationship(INPATIENT_ADMISSION, INPATIENT_IDT_TEAMS);

/** The single patient view's `currentAdmission` (the latest inpatient admission, or null). */
export const currentAdmissionSection = viewSection({ admission: CURRENT_ADMISSION_OF_PATIENT }, ({ admission: [a] }) => ({
  currentAdmission: a
    ? {
        id: a.id,
        hospitalOds: a.hospitalOds,
        ward: a.ward,
        admittedAt: iso(a.admittedAt),
        method: a.method,
        readmission: a.readmission,
        estimatedDischargeDate: a.estimatedDischargeDate,
        medicallyOptimisedAt: iso(a.medicallyOptimisedAt),
      }
    : null,
}));
