import { defineErrors } from '../../common/errors/domain-error';

export const IDENTITY_ERRORS = defineErrors('identity', {
  UNTRACED_PATIENT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Untraced patient not found',
    detail: 'No patient record without an NHS number has this id',
    description: '`POST /patients/untraced/{patientId}/trace`: no patient record with this id.',
  },
});

export class UntracedPatientNotFound extends IDENTITY_ERRORS.error('UNTRACED_PATIENT_NOT_FOUND') {}
