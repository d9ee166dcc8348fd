import { defineErrors } from '../../common/errors/domain-error';

/** Coded errors of the beds capability. */
export const BED_ERRORS = defineErrors('beds', {
  BED_UNIT_NOT_FOUND: {
    kind: 'not_found',
    title: 'Bed unit not found',
    description: "No bed unit with this id (path, `unit` filter or a request's `unitId`).",
  },
  BED_NOT_FOUND: { kind: 'not_found', title: 'Bed not found', description: 'No bed with this id.' },
  BED_REQUEST_NOT_FOUND: {
    kind: 'not_found',
    title: 'Bed request not found',
    description: 'No bed request with this id, **or** the caller may not see its patient.',
  },
  BED_STAY_NOT_FOUND: {
    kind: 'not_found',
    title: 'Bed stay not found',
    description: 'No bed stay with this id, **or** the caller may not see its patient.',
  },
  BED_UNIT_NOT_MANAGED: {
    kind: 'forbidden',
    title: 'This bed unit is run by a team you are not in',
    description: 'Bed managers act only on units run by one of their teams (add a bed, change a bed, admit/discharge/decline a stay).',
  },
  BED_UNIT_EXISTS: {
    kind: 'conflict',
    title: 'A bed unit with this name already exists in the organisation',
    description: 'The organisation already has a bed unit with this name.',
  },
  BED_LABEL_TAKEN: { kind: 'conflict', title: 'The unit already has a bed with this label', description: 'The unit already has a bed with this label.' },
  CAPABILITY_MISMATCH: {
    kind: 'conflict',
    title: "No bed's capabilities cover the needs",
    description:
      "A bed request whose needs no bed (anywhere, or in the named unit) covers; or changing a bed's capabilities so they no longer cover its current stay's needs. Nothing is changed.",
  },
  PURPOSE_NOT_ACCEPTED: {
    kind: 'conflict',
    title: 'No unit with suitable beds accepts this purpose',
    description:
      'Beds with the needed capabilities exist, but only in units restricted to other purposes (community hospitals: assessment, 24/7 nursing rehabilitation, carer respite); give a `purpose` they take.',
  },
  BED_REQUEST_EXISTS: {
    kind: 'conflict',
    title: 'The patient already has an open bed request or a bed',
    description: 'The patient already has an open (waiting or offered) bed request, or a bed.',
  },
  BED_REQUEST_NOT_OPEN: {
    kind: 'conflict',
    title: 'The bed request is no longer waiting or offered',
    description: 'Cancelling a request that is already admitted or cancelled.',
  },
  BED_STAY_NOT_OFFERED: {
    kind: 'conflict',
    title: 'The stay is not an open offer',
    description: 'Admitting or declining a stay that is not an open offer (already admitted, discharged, declined or withdrawn).',
  },
  BED_STAY_NOT_ADMITTED: {
    kind: 'conflict',
    title: 'The stay was never admitted',
    description: 'Discharging a stay that was never admitted (still offered, or declined/withdrawn).',
  },
  BED_STAY_DISCHARGED: { kind: 'conflict', title: 'The stay has already been discharged', description: 'Discharging a stay that is already discharged.' },
  BED_CLOSED: {
    kind: 'conflict',
    title: 'The bed is closed',
    description: 'Admitting into a closed bed: reopen it (`PATCH /beds/{id}`) or decline the offer.',
  },
  BED_OCCUPIED: { kind: 'conflict', title: 'The bed is occupied', description: 'Closing an occupied bed: discharge the stay first.' },
  BED_TRANSITION_INVALID: {
    kind: 'conflict',
    title: 'The bed cannot change to that status from its current one',
    description: 'Setting `status: available` on a bed that is reserved or occupied (it becomes available when its stay ends).',
  },
});

export class BedUnitNotFound extends BED_ERRORS.error('BED_UNIT_NOT_FOUND') {}
export class BedNotFound extends BED_ERRORS.error('BED_NOT_FOUND') {}
export class BedRequestNotFound extends BED_ERRORS.error('BED_REQUEST_NOT_FOUND') {}
export class BedStayNotFound extends BED_ERRORS.error('BED_STAY_NOT_FOUND') {}
export class BedUnitNotManaged extends BED_ERRORS.error('BED_UNIT_NOT_MANAGED') {}
export class BedUnitExists extends BED_ERRORS.error('BED_UNIT_EXISTS') {}
export class BedLabelTaken extends BED_ERRORS.error('BED_LABEL_TAKEN') {}
export class CapabilityMismatch extends BED_ERRORS.error('CAPABILITY_MISMATCH') {}
export class PurposeNotAccepted extends BED_ERRORS.error('PURPOSE_NOT_ACCEPTED') {}
export class BedRequestExists extends BED_ERRORS.error('BED_REQUEST_EXISTS') {}
export class BedRequestNotOpen extends BED_ERRORS.error('BED_REQUEST_NOT_OPEN') {}
export class BedStayNotOffered extends BED_ERRORS.error('BED_STAY_NOT_OFFERED') {}
export class BedStayNotAdmitted extends BED_ERRORS.error('BED_STAY_NOT_ADMITTED') {}
export class BedStayDischarged extends BED_ERRORS.error('BED_STAY_DISCHARGED') {}
export class BedClosed extends BED_ERRORS.error('BED_CLOSED') {}
export class BedOccupied extends BED_ERRORS.error('BED_OCCUPIED') {}
export class BedTransitionInvalid extends BED_ERRORS.error('BED_TRANSITION_INVALID') {}
