import { defineErrors } from '../errors/domain-error';

export const ACCESS_ERRORS = defineErrors('common/access', {
  PATIENT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Patient not found',
    detail: 'No patient with this NHS number that you can see',
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

export class PatientNotFound extends ACCESS_ERRORS.error('PATIENT_NOT_FOUND') {}

/**
 * The record was merged into another (POST /patients/{nhsNumber}/merge): nothing more is written to
 * it or read from it; the caller is pointed at the surviving NHS number. GET /patients/{old}
 * answers 301 with `mergedInto`; every other use answers 409 PATIENT_MERGED naming it.
 */
export class PatientMerged extends ACCESS_ERRORS.error('PATIENT_MERGED') {
  constructor(readonly mergedInto: string | null) {
    super(mergedInto ? `Use NHS number ${mergedInto}` : 'Use the surviving record');
  }
}
