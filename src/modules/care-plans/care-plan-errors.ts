import { defineErrors } from '../../common/errors/domain-error';

export const CARE_PLAN_ERRORS = defineErrors('care-plans', {
  CARE_PLAN_NOT_FOUND: {
    kind: 'not_found',
    title: 'Care plan not found',
    detail: 'This patient has no care plan yet',
    description:
      'The patient has no care plan yet (you can see the patient). Create one with `PUT /patients/{nhsNumber}/care-plan` without `If-Match`. When the patient declined sharing and you are neither in the practice team nor the authoring team, the answer is `PATIENT_NOT_FOUND` instead.',
  },
  CARE_PLAN_VERSION_NOT_FOUND: {
    kind: 'not_found',
    title: 'Care plan version not found',
    description: '`GET .../care-plan/versions/{n}` for a version that does not exist.',
  },
  CONSENT_NOT_RECORDED: {
    kind: 'not_found',
    title: 'No consent decision recorded',
    detail: 'No decision about sharing the care plan has been recorded for this patient',
    description: '`GET /patients/{nhsNumber}/consent` before any sharing decision was recorded.',
  },
});

export class CarePlanNotFound extends CARE_PLAN_ERRORS.error('CARE_PLAN_NOT_FOUND') {}

export class CarePlanVersionNotFound extends CARE_PLAN_ERRORS.error('CARE_PLAN_VERSION_NOT_FOUND') {
  constructor(version: number) {
    super(`The care plan has no version ${version}`);
  }
}

export class ConsentNotRecorded extends CARE_PLAN_ERRORS.error('CONSENT_NOT_RECORDED') {}
