import { ValidationFailed, defineErrors } from '../../common/errors/domain-error';

export const MDT_ERRORS = defineErrors('mdt', {
  MDT_MEETING_NOT_FOUND: {
    kind: 'not_found',
    title: 'MDT meeting not found',
    detail: 'No MDT meeting with this id for your teams',
    description: 'No MDT meeting (or series) with this id for one of your teams.',
  },
  MDT_MEETING_CANCELLED: {
    kind: 'conflict',
    title: 'The MDT meeting is cancelled',
    detail: 'A cancelled meeting cannot be changed; add a new one',
    description: 'The MDT meeting is cancelled: it cannot be moved, booked, given an agenda or outcomes.',
  },
  ATTENDEE_CONFLICT: {
    kind: 'conflict',
    title: 'Already booked into an overlapping meeting',
    detail: 'This person is already booked into an overlapping MDT meeting',
    description:
      'The person is already booked into an overlapping MDT meeting (also when moving a meeting would make one of its attendees clash). Enforced by the database, so two racing bookings cannot both win.',
  },
  MDT_OUTCOME_EXISTS: {
    kind: 'conflict',
    title: 'An outcome is already recorded',
    detail: 'This patient already has an outcome recorded at this meeting',
    description: 'An outcome is already recorded for this patient at this meeting.',
  },
});

export class MeetingNotFound extends MDT_ERRORS.error('MDT_MEETING_NOT_FOUND') {}
export class AttendeeConflict extends MDT_ERRORS.error('ATTENDEE_CONFLICT') {}
export class MeetingCancelled extends MDT_ERRORS.error('MDT_MEETING_CANCELLED') {}
export class OutcomeExists extends MDT_ERRORS.error('MDT_OUTCOME_EXISTS') {}

/** A reference in the request the MDT cannot use (unaligned team, bad recurrence, unknown agenda item). */
export class MdtInvalid extends ValidationFailed {
  constructor(field: string, message: string) {
    super(`${field} ${message}`, [{ field, message }]);
  }
}
