import { DomainError, NotFound } from '../../common/errors/domain-error';

export class AdmissionNotFound extends NotFound {
  constructor() {
    super('ADMISSION_NOT_FOUND', 'Admission not found', 'No admission with this id that you can see');
  }
}

/** The admission cannot take this change in its current state (e.g. it is already discharged). */
export class AdmissionInvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  readonly kind = 'conflict';
  readonly title = 'This change is not allowed in the current state';
}
