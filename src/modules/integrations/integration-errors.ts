import { defineErrors } from '../../common/errors/domain-error';

// The HL7 ACK codes (ERR-5) are not problem codes: docs/errors.md describes them by hand.
export const INTEGRATION_ERRORS = defineErrors('integrations', {
  HL7_MESSAGE_NOT_FOUND: { kind: 'not_found', title: 'HL7 message not found', detail: 'No HL7 message with this id', description: 'No HL7 message with this id in the feed log.' },
  HL7_MESSAGE_NOT_REPLAYABLE: {
    kind: 'conflict',
    title: 'Only a failed or waiting message can be replayed',
    detail: 'This message has been applied already',
    description: 'Replaying an HL7 message that was applied already (only `failed` and `waiting` messages can be replayed).',
  },
  AE_ATTENDANCE_NOT_FOUND: {
    kind: 'not_found',
    title: 'A&E attendance not found',
    detail: 'No open A&E in-reach clock with this id',
    description: 'No open A&E in-reach clock with this id (it was already seen or the patient left).',
  },
});

export class Hl7MessageNotFound extends INTEGRATION_ERRORS.error('HL7_MESSAGE_NOT_FOUND') {}
export class Hl7MessageNotReplayable extends INTEGRATION_ERRORS.error('HL7_MESSAGE_NOT_REPLAYABLE') {}
export class AttendanceNotFound extends INTEGRATION_ERRORS.error('AE_ATTENDANCE_NOT_FOUND') {}
