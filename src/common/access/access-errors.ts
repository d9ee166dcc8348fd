import { defineErrors } from '../errors/domain-error';

// Still thrown by PatientNotFound (patient-access.service.ts) and PatientMerged (patient-merged.ts), by code with the same title.
export const ACCESS_ERRORS = defineErrors('common/access', {
  PATIENT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Patient not found',
    description:
      'No patient with this NHS number, **or** the caller has no legitimate relationship with the patient (existence is not leaked). Break-glass with `X-Access-Reason` if clinically necessary.',
  },
  PATIENT_MERGED: {
    kind: 'conflict',
    title: 'This patient record was merged into another',
    description:
      'The record was merged into another (`POST /patients/{nhsNumber}/merge`); the detail names the surviving NHS number. `GET /patients/{old}` answers `301` with `{ code, mergedInto }` and a `Location` instead.',
  },
});
