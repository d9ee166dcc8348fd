import { defineErrors } from '../../common/errors/domain-error';

// Still thrown by classes in hl7/hl7-messages.service.ts and inreach/in-reach.service.ts (by code, same title).
// The HL7 ACK codes (ERR-5) are not problem codes: docs/errors.md describes them by hand.
export const INTEGRATION_ERRORS = defineErrors('integrations', {
  HL7_MESSAGE_NOT_FOUND: { kind: 'not_found', title: 'HL7 message not found', description: 'No HL7 message with this id in the feed log.' },
  HL7_MESSAGE_NOT_REPLAYABLE: {
    kind: 'conflict',
    title: 'Only a failed or waiting message can be replayed',
    description: 'Replaying an HL7 message that was applied already (only `failed` and `waiting` messages can be replayed).',
  },
  AE_ATTENDANCE_NOT_FOUND: {
    kind: 'not_found',
    title: 'A&E attendance not found',
    description: 'No open A&E in-reach clock with this id (it was already seen or the patient left).',
  },
});
