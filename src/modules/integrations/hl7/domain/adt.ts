import { type Hl7Message, type Hl7Segment, parseHl7DateTime } from '@medplum/core';
import { parseNhsNumber } from '../../../../common/validation/nhs-number';
import type { DischargeDestination } from '../../../admissions/domain/admission-rules';

/** The ADT trigger events we apply (docs/integrations.md has the mapping table). */
export const SUPPORTED_EVENTS = ['A01', 'A02', 'A03', 'A04', 'A08', 'A11', 'A12', 'A13', 'A40'] as const;
export type AdtEventType = (typeof SUPPORTED_EVENTS)[number];

/** Assigning authorities (PID-3.4) or identifier types (PID-3.5) that mark the NHS number. */
const NHS_AUTHORITIES = ['NHS', 'https://fhir.nhs.uk/Id/nhs-number', '2.16.840.1.113883.2.1.4.1'];

/**
 * Why a message cannot be applied, with the HL7 location it concerns. `refuse` problems answer AR
 * (we will not take this message at all), the others AE (bad content). Messages here are ours and
 * never quote the message's values (they end up in the dead-letter list and the ERR segment).
 */
export class AdtProblem extends Error {
  constructor(
    readonly code: string,
    readonly location: string,
    message: string,
    readonly refuse = false,
  ) {
    super(message);
  }
}

export interface AdtHeader {
  facility: string;
  controlId: string;
  messageType: string;
  trigger: string;
}

export interface Demographics {
  nhsNumber: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | 'other' | 'unknown' | null;
  address: { line1: string; line2?: string; town?: string; postcode?: string } | null;
}

export interface AdtEvent {
  header: AdtHeader;
  event: AdtEventType;
  /** When the event happened (EVN-6, else EVN-2, else MSH-7). */
  eventAt: Date;
  patient: Demographics;
  /** PV1-2: E emergency (A&E), I inpatient, O outpatient, ... */
  patientClass: string;
  ward: string | null;
  method: 'emergency' | 'elective' | null;
  admittedAt: Date | null;
  dischargedAt: Date | null;
  destination: DischargeDestination | null;
  estimatedDischargeDate: string | null;
  /** A40: the NHS number being merged away (MRG-1). */
  mergedNhsNumber: string | null;
}

/** MSH fields needed to answer (and deduplicate) any message, even one whose content is bad. */
export function readHeader(msg: Hl7Message): AdtHeader {
  const msh = msg.getSegment('MSH');
  if (!msh || msg.segments[0]?.name !== 'MSH') throw new AdtProblem('HL7_MALFORMED', 'MSH', 'The message does not start with an MSH segment');
  const facility = msh.getComponent(4, 1).trim();
  const controlId = msh.getField(10)?.toString().trim() ?? '';
  if (!facility) throw new AdtProblem('HL7_UNKNOWN_SENDER', 'MSH-4', 'MSH-4 (sending facility) is empty', true);
  if (!controlId) throw new AdtProblem('HL7_MALFORMED', 'MSH-10', 'MSH-10 (message control id) is empty');
  if (controlId.length > 199) throw new AdtProblem('HL7_MALFORMED', 'MSH-10', 'MSH-10 (message control id) is longer than 199 characters');
  return { facility, controlId, messageType: msh.getComponent(9, 1).trim(), trigger: msh.getComponent(9, 2).trim() };
}

const londonOffset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });

/** `+0100` for an instant in England (GMT+01:00), `+0000` in winter. */
function offsetInLondon(at: Date): string {
  const name = londonOffset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? `${m[1]}${m[2]}${m[3]}` : '+0000';
}

/**
 * An HL7 DTM (`YYYYMMDD[HH[MM[SS[.S...]]]][+/-ZZZZ]`) as an instant. Without an offset the time is
 * England's local time (what a UK PAS sends), so the offset in force in London at that time applies.
 */
export function parseHl7Time(value: string, location: string): Date {
  const text = value.trim();
  if (!/^\d{8}(\d{2}(\d{2}(\d{2}(\.\d{1,4})?)?)?)?([+-]\d{4})?$/.test(text)) {
    throw new AdtProblem('HL7_INVALID_FIELD', location, `${location} is not an HL7 date/time (YYYYMMDDHHMM[SS][+ZZZZ])`);
  }
  const [y, mo, d, h, mi, sec] = [0, 4, 6, 8, 10, 12].map((i, k) => Number(text.slice(i, i + (k === 0 ? 4 : 2)) || 0));
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  if (wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) {
    throw new AdtProblem('HL7_INVALID_FIELD', location, `${location} is not a real date/time`);
  }
  const hasOffset = /[+-]\d{4}$/.test(text);
  const iso = hasOffset
    ? parseHl7DateTime(text)
    : parseHl7DateTime(text, { tzOffset: offsetInLondon(new Date(parseHl7DateTime(text, { tzOffset: '+0000' }) ?? '')) });
  const at = iso ? new Date(iso) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new AdtProblem('HL7_INVALID_FIELD', location, `${location} is not a real date/time`);
  return at;
}

function optionalTime(seg: Hl7Segment | undefined, field: number, location: string): Date | null {
  const raw = seg?.getComponent(field, 1) ?? '';
  return raw.trim() ? parseHl7Time(raw, location) : null;
}

/** PID-3: the repetition whose assigning authority (or identifier type NH) is the NHS number. */
export function nhsNumberFrom(pid: Hl7Segment, field = 3, location = 'PID-3'): string {
  const reps = pid.getField(field)?.components.length ?? 0;
  for (let rep = 0; rep < reps; rep++) {
    const authority = pid.getComponent(field, 4, undefined, rep).trim();
    const type = pid.getComponent(field, 5, undefined, rep).trim();
    if (NHS_AUTHORITIES.includes(authority) || type === 'NH') {
      const parsed = parseNhsNumber(pid.getComponent(field, 1, undefined, rep));
      if (!parsed.ok) throw new AdtProblem('HL7_INVALID_NHS_NUMBER', location, `${location} NHS number ${parsed.reason}`);
      return parsed.value;
    }
  }
  throw new AdtProblem('HL7_NO_NHS_NUMBER', location, `${location} has no identifier assigned by NHS (authority NHS or type NH)`);
}

const SEX: Record<string, Demographics['sex']> = { M: 'male', F: 'female', O: 'other', U: 'unknown', A: 'other', N: 'unknown' };

function demographics(pid: Hl7Segment): Demographics {
  const dob = pid.getComponent(7, 1).trim();
  if (dob && !/^\d{8}/.test(dob)) throw new AdtProblem('HL7_INVALID_FIELD', 'PID-7', 'PID-7 (date of birth) is not YYYYMMDD');
  const line1 = pid.getComponent(11, 1).trim();
  return {
    nhsNumber: nhsNumberFrom(pid),
    familyName: pid.getComponent(5, 1).trim() || null,
    givenName: pid.getComponent(5, 2).trim() || null,
    dateOfBirth: dob ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : null,
    sex: SEX[pid.getComponent(8, 1).trim().toUpperCase()] ?? null,
    address: line1
      ? {
          line1,
          ...(pid.getComponent(11, 2).trim() ? { line2: pid.getComponent(11, 2).trim() } : {}),
          ...(pid.getComponent(11, 3).trim() ? { town: pid.getComponent(11, 3).trim() } : {}),
          ...(pid.getComponent(11, 5).trim() ? { postcode: pid.getComponent(11, 5).trim() } : {}),
        }
      : null,
  };
}

/**
 * PV1-4 admission type: HL7 table 0007 (E emergency, A accident, U urgent; C elective, R routine)
 * or the NHS admission method (2x emergency, 1x elective). Missing: emergency when PV1-2 is E.
 */
export function admissionMethod(pv1Type: string, patientClass: string): 'emergency' | 'elective' | null {
  const code = pv1Type.trim().toUpperCase();
  if (['E', 'A', 'U'].includes(code) || /^2[0-9A-D]$/.test(code)) return 'emergency';
  if (['C', 'R', 'EL'].includes(code) || /^1[1-3]$/.test(code)) return 'elective';
  if (!code && patientClass === 'E') return 'emergency';
  return null;
}

/**
 * PV1-36 discharge disposition: NHS discharge destination codes (19/29 usual residence, 49-53/84/87
 * another hospital, 54/65/85 care home, 79 died) or one of our destination names; anything else is
 * `other`, and a missing disposition is `other` too (a follow-up task is still raised).
 */
export function dischargeDestination(code: string): DischargeDestination {
  const c = code.trim();
  const ours = ['usual_residence', 'step_down_bed', 'care_home_new', 'other_hospital', 'died', 'other'];
  if (ours.includes(c.toLowerCase())) return c.toLowerCase() as DischargeDestination;
  if (['19', '29', '01'].includes(c)) return 'usual_residence';
  if (['49', '50', '51', '52', '53', '84', '87', '02'].includes(c)) return 'other_hospital';
  if (['54', '65', '85', '03', '04'].includes(c)) return 'care_home_new';
  if (['79', '20'].includes(c)) return 'died';
  return 'other';
}

/** PV1-3 point of care, room and bed as one ward label (64 characters at most). */
function wardFrom(pv1: Hl7Segment | undefined): string | null {
  if (!pv1) return null;
  const [ward, room, bed] = [1, 2, 3].map((c) => pv1.getComponent(3, c).trim());
  const label = [ward, room && `room ${room}`, bed && `bed ${bed}`].filter(Boolean).join(' ');
  return label ? label.slice(0, 64) : null;
}

/** Reads one ADT message into the event we apply. Throws AdtProblem for anything we cannot use. */
export function readAdt(msg: Hl7Message): AdtEvent {
  const header = readHeader(msg);
  if (header.messageType !== 'ADT') throw new AdtProblem('HL7_UNSUPPORTED_EVENT', 'MSH-9', 'Only ADT messages are accepted', true);
  const evn = msg.getSegment('EVN');
  const trigger = (header.trigger || evn?.getComponent(1, 1) || '').trim();
  if (!(SUPPORTED_EVENTS as readonly string[]).includes(trigger)) {
    throw new AdtProblem('HL7_UNSUPPORTED_EVENT', 'MSH-9', 'This ADT trigger event is not supported', true);
  }
  const event = trigger as AdtEventType;
  const pid = msg.getSegment('PID');
  if (!pid) throw new AdtProblem('HL7_MISSING_SEGMENT', 'PID', 'The PID segment is missing');
  const pv1 = msg.getSegment('PV1');
  if (!pv1 && event !== 'A40') throw new AdtProblem('HL7_MISSING_SEGMENT', 'PV1', 'The PV1 segment is missing');
  const msh = msg.getSegment('MSH') as Hl7Segment;
  const eventAt = optionalTime(evn, 6, 'EVN-6') ?? optionalTime(evn, 2, 'EVN-2') ?? optionalTime(msh, 7, 'MSH-7');
  if (!eventAt) throw new AdtProblem('HL7_INVALID_FIELD', 'EVN-2', 'The event time is missing (EVN-2, EVN-6 or MSH-7)');
  const patientClass = pv1?.getComponent(2, 1).trim().toUpperCase() ?? '';
  const method = pv1 ? admissionMethod(pv1.getComponent(4, 1), patientClass) : null;
  if (event === 'A01' && !method) throw new AdtProblem('HL7_INVALID_FIELD', 'PV1-4', 'PV1-4 (admission type) is missing or not a known code');
  const pv2 = msg.getSegment('PV2');
  const edd = pv2?.getComponent(9, 1).trim() ?? '';
  if (edd && !/^\d{8}/.test(edd)) throw new AdtProblem('HL7_INVALID_FIELD', 'PV2-9', 'PV2-9 (expected discharge date) is not YYYYMMDD');
  const mrg = msg.getSegment('MRG');
  if (event === 'A40' && !mrg) throw new AdtProblem('HL7_MISSING_SEGMENT', 'MRG', 'The MRG segment is missing');
  return {
    header,
    event,
    eventAt,
    patient: demographics(pid),
    patientClass,
    ward: wardFrom(pv1),
    method,
    admittedAt: optionalTime(pv1, 44, 'PV1-44'),
    dischargedAt: optionalTime(pv1, 45, 'PV1-45'),
    destination: pv1 && event === 'A03' ? dischargeDestination(pv1.getComponent(36, 1)) : null,
    estimatedDischargeDate: edd ? `${edd.slice(0, 4)}-${edd.slice(4, 6)}-${edd.slice(6, 8)}` : null,
    mergedNhsNumber: mrg ? nhsNumberFrom(mrg, 1, 'MRG-1') : null,
  };
}
