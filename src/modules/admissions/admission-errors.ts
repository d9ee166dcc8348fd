import { defineErrors } from '../../common/errors/domain-error';

export const ADMISSION_ERRORS = defineErrors('admissions', {
  ADMISSION_NOT_FOUND: {
    kind: 'not_found',
    title: 'Admission not found',
    detail: 'No admission with this id that you can see',
    description: 'No admission with this id.',
  },
  BED_STAY_NOT_YOUR_UNIT: {
    kind: 'forbidden',
    title: 'This community bed is run by a team you are not in',
    description:
      "A discharge workspace entry on a community bed stay (`/discharge/bed-stays/{id}/...`) is recorded by discharge coordinators (`admission:write`) or by the staff of the team that runs the bed's unit. Nothing is changed.",
  },
});

export class AdmissionNotFound extends ADMISSION_ERRORS.error('ADMISSION_NOT_FOUND') {}
export class BedStayNotYourUnit extends ADMISSION_ERRORS.error('BED_STAY_NOT_YOUR_UNIT') {}

/** The admission cannot take this change in its current state (e.g. it is already discharged): the shared INVALID_TRANSITION. */
export { InvalidTransition as AdmissionInvalidTransition } from '../../common/errors/domain-error';
