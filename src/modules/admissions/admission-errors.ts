import { defineErrors } from '../../common/errors/domain-error';

export const ADMISSION_ERRORS = defineErrors('admissions', {
  ADMISSION_NOT_FOUND: {
    kind: 'not_found',
    title: 'Admission not found',
    detail: 'No admission with this id that you can see',
    description: 'No admission with this id.',
  },
});

export class AdmissionNotFound extends ADMISSION_ERRORS.error('ADMISSION_NOT_FOUND') {}

/** The admission cannot take this change in its current state (e.g. it is already discharged): the shared INVALID_TRANSITION. */
export { InvalidTransition as AdmissionInvalidTransition } from '../../common/errors/domain-error';
