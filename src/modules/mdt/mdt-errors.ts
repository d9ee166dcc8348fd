import { Conflict, NotFound, ValidationFailed } from '../../common/errors/domain-error';

export class MeetingNotFound extends NotFound {
  constructor() {
    super('MDT_MEETING_NOT_FOUND', 'MDT meeting not found', 'No MDT meeting with this id for your teams');
  }
}

export class AttendeeConflict extends Conflict {
  constructor(detail = 'This person is already booked into an overlapping MDT meeting') {
    super('ATTENDEE_CONFLICT', 'Already booked into an overlapping meeting', detail);
  }
}

export class MeetingCancelled extends Conflict {
  constructor() {
    super('MDT_MEETING_CANCELLED', 'The MDT meeting is cancelled', 'A cancelled meeting cannot be changed; add a new one');
  }
}

export class OutcomeExists extends Conflict {
  constructor() {
    super('MDT_OUTCOME_EXISTS', 'An outcome is already recorded', 'This patient already has an outcome recorded at this meeting');
  }
}

/** A reference in the request the MDT cannot use (unaligned team, bad recurrence, unknown agenda item). */
export class MdtInvalid extends ValidationFailed {
  constructor(field: string, message: string) {
    super(`${field} ${message}`, [{ field, message }]);
  }
}
