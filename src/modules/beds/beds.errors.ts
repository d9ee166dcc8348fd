import { DomainError } from '../../common/errors/domain-error';

/** Coded errors of the beds capability (each listed in docs/errors.md). */

export class BedUnitNotFound extends DomainError {
  readonly code = 'BED_UNIT_NOT_FOUND';
  readonly kind = 'not_found';
  readonly title = 'Bed unit not found';
}

export class BedNotFound extends DomainError {
  readonly code = 'BED_NOT_FOUND';
  readonly kind = 'not_found';
  readonly title = 'Bed not found';
}

export class BedRequestNotFound extends DomainError {
  readonly code = 'BED_REQUEST_NOT_FOUND';
  readonly kind = 'not_found';
  readonly title = 'Bed request not found';
}

export class BedStayNotFound extends DomainError {
  readonly code = 'BED_STAY_NOT_FOUND';
  readonly kind = 'not_found';
  readonly title = 'Bed stay not found';
}

export class BedUnitExists extends DomainError {
  readonly code = 'BED_UNIT_EXISTS';
  readonly kind = 'conflict';
  readonly title = 'A bed unit with this name already exists in the organisation';
}

export class BedLabelTaken extends DomainError {
  readonly code = 'BED_LABEL_TAKEN';
  readonly kind = 'conflict';
  readonly title = 'The unit already has a bed with this label';
}

export class CapabilityMismatch extends DomainError {
  readonly code = 'CAPABILITY_MISMATCH';
  readonly kind = 'conflict';
  readonly title = "No bed's capabilities cover the needs";
}

export class PurposeNotAccepted extends DomainError {
  readonly code = 'PURPOSE_NOT_ACCEPTED';
  readonly kind = 'conflict';
  readonly title = 'No unit with suitable beds accepts this purpose';
}

export class BedRequestExists extends DomainError {
  readonly code = 'BED_REQUEST_EXISTS';
  readonly kind = 'conflict';
  readonly title = 'The patient already has an open bed request or a bed';
}

export class BedRequestNotOpen extends DomainError {
  readonly code = 'BED_REQUEST_NOT_OPEN';
  readonly kind = 'conflict';
  readonly title = 'The bed request is no longer waiting or offered';
}

export class BedStayNotOffered extends DomainError {
  readonly code = 'BED_STAY_NOT_OFFERED';
  readonly kind = 'conflict';
  readonly title = 'The stay is not an open offer';
}

export class BedStayNotAdmitted extends DomainError {
  readonly code = 'BED_STAY_NOT_ADMITTED';
  readonly kind = 'conflict';
  readonly title = 'The stay was never admitted';
}

export class BedStayDischarged extends DomainError {
  readonly code = 'BED_STAY_DISCHARGED';
  readonly kind = 'conflict';
  readonly title = 'The stay has already been discharged';
}

export class BedClosed extends DomainError {
  readonly code = 'BED_CLOSED';
  readonly kind = 'conflict';
  readonly title = 'The bed is closed';
}

export class BedOccupied extends DomainError {
  readonly code = 'BED_OCCUPIED';
  readonly kind = 'conflict';
  readonly title = 'The bed is occupied';
}

export class BedTransitionInvalid extends DomainError {
  readonly code = 'BED_TRANSITION_INVALID';
  readonly kind = 'conflict';
  readonly title = 'The bed cannot change to that status from its current one';
}

export class BedUnitNotManaged extends DomainError {
  readonly code = 'BED_UNIT_NOT_MANAGED';
  readonly kind = 'forbidden';
  readonly title = 'This bed unit is run by a team you are not in';
}
