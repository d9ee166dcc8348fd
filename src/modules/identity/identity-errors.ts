import { defineErrors } from '../../common/errors/domain-error';

// Still thrown by the UntracedPatientNotFound class in trace.service.ts (by code, same title).
export const IDENTITY_ERRORS = defineErrors('identity', {
  UNTRACED_PATIENT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Untraced patient not found',
    description: '`POST /patients/untraced/{patientId}/trace`: no patient record with this id.',
  },
});
