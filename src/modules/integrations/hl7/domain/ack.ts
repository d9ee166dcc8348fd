import { type Hl7Message, Hl7Segment } from '@medplum/core';
import type { AdtProblem } from './adt';

export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357 codes for the ERR segment, by our problem code. */
const HL7_ERROR: Record<string, [string, string]> = {
  HL7_MALFORMED: ['100', 'Segment sequence error'],
  HL7_MISSING_SEGMENT: ['100', 'Segment sequence error'],
  HL7_INVALID_FIELD: ['102', 'Data type error'],
  HL7_NO_NHS_NUMBER: ['101', 'Required field missing'],
  HL7_INVALID_NHS_NUMBER: ['102', 'Data type error'],
  HL7_UNSUPPORTED_EVENT: ['201', 'Unsupported event code'],
  HL7_UNKNOWN_SENDER: ['207', 'Application internal error'],
  HL7_NO_ADMISSION: ['204', 'Unknown key identifier'],
};

/** `PV1-44` -> ERL `PV1^1^44`; a segment name alone -> `PV1^1`. */
function errorLocation(location: string, separator: string): string {
  const [segment, field] = location.split('-');
  return field ? [segment, '1', field].join(separator) : [segment, '1'].join(separator);
}

/**
 * The acknowledgement for `msg` (original mode, MSA-1 = code, MSA-2 = its control id). AE and AR
 * carry an ERR segment: ERR-2 where, ERR-3 the HL7 error code, ERR-4 severity, ERR-5 our code,
 * ERR-8 what is wrong. Never any of the message's values.
 */
export function ackFor(msg: Hl7Message, code: AckCode, problem?: Pick<AdtProblem, 'code' | 'location' | 'message'>): Hl7Message {
  if (!problem || code === 'AA') return msg.buildAck({ ackCode: code });
  const sep = msg.context.componentSeparator;
  const [hl7Code, hl7Text] = HL7_ERROR[problem.code] ?? ['207', 'Application internal error'];
  const err = new Hl7Segment(
    ['ERR', '', errorLocation(problem.location, sep), [hl7Code, hl7Text, 'HL70357'].join(sep), 'E', problem.code, '', '', problem.message],
    msg.context,
  );
  return msg.buildAck({ ackCode: code, errSegment: err });
}
