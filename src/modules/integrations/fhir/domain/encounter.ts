import { type FieldError, ValidationFailed } from '../../../../common/errors/domain-error';
import { parseNhsNumber } from '../../../../common/validation/nhs-number';
import type { DischargeDestination } from '../../../admissions/domain/admission-rules';
import { dischargeDestination } from '../../hl7/domain/adt';
import type { Demographics } from '../../hl7/domain/adt';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const FHIR_JSON = 'application/fhir+json';

/** Encounter.status (R4) -> what it means for us. */
const ACTIVE = ['planned', 'arrived', 'triaged', 'in-progress', 'onleave'];
const FINISHED = ['finished'];
const CANCELLED = ['cancelled', 'entered-in-error'];
const STATUSES = [...ACTIVE, ...FINISHED, ...CANCELLED, 'unknown'];

export interface EncounterInput {
  identifier: { system: string; value: string };
  phase: 'active' | 'finished' | 'cancelled';
  /** EMER = an A&E attendance; anything else an inpatient stay. */
  emergencyDepartment: boolean;
  nhsNumber: string | null;
  /** fullUrl of the Patient entry the subject refers to (transaction Bundle). */
  subjectRef: string | null;
  hospitalOds: string;
  start: Date;
  end: Date | null;
  method: 'emergency' | 'elective';
  destination: DischargeDestination | null;
  ward: string | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

class Errors {
  readonly list: FieldError[] = [];
  add(field: string, message: string): null {
    this.list.push({ field, message });
    return null;
  }
  throwIfAny(what: string): void {
    if (this.list.length) throw new ValidationFailed(`The ${what} is not valid`, this.list);
  }
}

function time(v: unknown, field: string, errors: Errors): Date | null {
  if (v === undefined) return null;
  if (typeof v !== 'string' || !INSTANT.test(v) || Number.isNaN(Date.parse(v))) return errors.add(field, 'must be a dateTime with a time and an offset');
  return new Date(v);
}

function codings(v: unknown): string[] {
  if (!isObject(v)) return [];
  const list = Array.isArray(v.coding) ? v.coding : [];
  return list.filter(isObject).map((c) => str(c.code)).filter((c): c is string => c !== null);
}

/**
 * Reads a FHIR R4 Encounter into what the admission pipeline needs. Field errors use FHIRPath
 * (`Encounter.period.start`); the values themselves are never quoted.
 */
export function readEncounter(resource: unknown, at = 'Encounter'): EncounterInput {
  const e = new Errors();
  if (!isObject(resource) || resource.resourceType !== 'Encounter') {
    throw new ValidationFailed('The Encounter is not valid', [{ field: `${at}.resourceType`, message: 'must be Encounter' }]);
  }
  const ids = Array.isArray(resource.identifier) ? resource.identifier.filter(isObject) : [];
  const id = ids.map((i) => ({ system: str(i.system), value: str(i.value) })).find((i) => i.system && i.value);
  if (!id) e.add(`${at}.identifier`, 'needs an identifier with system and value (the hospital encounter or spell number)');
  else if ((id.system as string).length > 200 || (id.value as string).length > 120) e.add(`${at}.identifier`, 'system or value is too long');
  const status = str(resource.status);
  if (!status || !STATUSES.includes(status)) e.add(`${at}.status`, `must be one of ${STATUSES.join(', ')}`);
  else if (status === 'unknown') e.add(`${at}.status`, 'unknown cannot be applied');
  const classCode = isObject(resource.class) ? str(resource.class.code) : null;
  if (!classCode) e.add(`${at}.class`, 'is required (v3 ActCode, e.g. IMP or EMER)');

  let nhsNumber: string | null = null;
  let subjectRef: string | null = null;
  const subject = resource.subject;
  if (!isObject(subject)) e.add(`${at}.subject`, 'is required');
  else if (isObject(subject.identifier) && subject.identifier.system === NHS_NUMBER_SYSTEM) {
    const parsed = parseNhsNumber(subject.identifier.value);
    if (parsed.ok) nhsNumber = parsed.value;
    else e.add(`${at}.subject.identifier.value`, `NHS number ${parsed.reason}`);
  } else if (str(subject.reference)) subjectRef = str(subject.reference);
  else e.add(`${at}.subject`, `must be a reference to a Patient in the Bundle or an identifier with system ${NHS_NUMBER_SYSTEM}`);

  const provider = isObject(resource.serviceProvider) && isObject(resource.serviceProvider.identifier) ? resource.serviceProvider.identifier : null;
  const ods = provider && provider.system === ODS_SYSTEM ? str(provider.value) : null;
  if (!ods || !/^[A-Z0-9]{3,12}$/.test(ods)) e.add(`${at}.serviceProvider.identifier`, `must be the hospital's ODS code (system ${ODS_SYSTEM})`);

  const period = isObject(resource.period) ? resource.period : {};
  const start = time(period.start, `${at}.period.start`, e);
  const end = time(period.end, `${at}.period.end`, e);
  if (period.start === undefined) e.add(`${at}.period.start`, 'is required');
  if (status && FINISHED.includes(status) && !end) e.add(`${at}.period.end`, 'is required when the encounter is finished');

  const priority = codings(resource.priority)[0];
  const emergencyDepartment = classCode === 'EMER';
  let method: 'emergency' | 'elective' | null = null;
  if (priority && ['EM', 'UR', 'S', 'A', 'CR'].includes(priority)) method = 'emergency';
  else if (priority && ['R', 'EL', 'P'].includes(priority)) method = 'elective';
  else if (!priority && emergencyDepartment) method = 'emergency';
  if (!method) e.add(`${at}.priority`, 'must be coded (v3 ActPriority: EM, UR, S, A emergency; R, EL elective)');

  const hospitalization = isObject(resource.hospitalization) ? resource.hospitalization : {};
  const disposition = codings(hospitalization.dischargeDisposition)[0];
  const locations = Array.isArray(resource.location) ? resource.location.filter(isObject) : [];
  const ward = locations.map((l) => (isObject(l.location) ? str(l.location.display) : null)).find(Boolean) ?? null;
  e.throwIfAny('Encounter');
  const phase = ACTIVE.includes(status as string) ? 'active' : FINISHED.includes(status as string) ? 'finished' : 'cancelled';
  return {
    identifier: id as { system: string; value: string },
    phase,
    emergencyDepartment,
    nhsNumber,
    subjectRef,
    hospitalOds: ods as string,
    start: start as Date,
    end,
    method: method as 'emergency' | 'elective',
    destination: phase === 'finished' ? dischargeDestination(disposition ?? '') : null,
    ward: ward ? ward.slice(0, 64) : null,
  };
}

/** A Patient resource (transaction Bundle) as demographics; the NHS number identifier is required. */
export function readPatient(resource: unknown, at: string): Demographics {
  const e = new Errors();
  if (!isObject(resource)) throw new ValidationFailed('The Patient is not valid', [{ field: at, message: 'must be a Patient' }]);
  const ids = Array.isArray(resource.identifier) ? resource.identifier.filter(isObject) : [];
  const nhs = ids.find((i) => i.system === NHS_NUMBER_SYSTEM);
  const parsed = parseNhsNumber(nhs?.value);
  if (!parsed.ok) e.add(`${at}.identifier`, `needs an NHS number (system ${NHS_NUMBER_SYSTEM}): ${parsed.reason}`);
  const name = Array.isArray(resource.name) ? resource.name.find(isObject) : undefined;
  const given = name && Array.isArray(name.given) ? str(name.given[0]) : null;
  const birthDate = str(resource.birthDate);
  if (birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) e.add(`${at}.birthDate`, 'must be YYYY-MM-DD');
  const address = Array.isArray(resource.address) ? resource.address.find(isObject) : undefined;
  const lines = address && Array.isArray(address.line) ? address.line.map(str).filter((l): l is string => l !== null) : [];
  e.throwIfAny('Patient');
  const gender = str(resource.gender);
  return {
    nhsNumber: parsed.ok ? parsed.value : '',
    familyName: name ? str(name.family) : null,
    givenName: given,
    dateOfBirth: birthDate,
    sex: gender === 'male' || gender === 'female' || gender === 'other' || gender === 'unknown' ? gender : null,
    address: lines[0]
      ? {
          line1: lines[0],
          ...(lines[1] ? { line2: lines[1] } : {}),
          ...(address && str(address.city) ? { town: str(address.city) as string } : {}),
          ...(address && str(address.postalCode) ? { postcode: str(address.postalCode) as string } : {}),
        }
      : null,
  };
}

export interface TransactionInput {
  patient: Demographics | null;
  encounter: EncounterInput;
  encounterFullUrl: string | null;
}

/** A transaction Bundle of (optionally) one Patient and one Encounter whose subject refers to it. */
export function readTransaction(bundle: unknown): TransactionInput {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
    throw new ValidationFailed('The Bundle is not valid', [{ field: 'Bundle.type', message: 'must be a Bundle of type transaction' }]);
  }
  const entries = Array.isArray(bundle.entry) ? bundle.entry.filter(isObject) : [];
  const kinds = entries.map((en) => (isObject(en.resource) ? en.resource.resourceType : undefined));
  const pi = kinds.indexOf('Patient');
  const ei = kinds.indexOf('Encounter');
  const fields: FieldError[] = [];
  if (ei < 0 || kinds.filter((k) => k === 'Encounter').length !== 1) fields.push({ field: 'Bundle.entry', message: 'must hold exactly one Encounter' });
  if (kinds.filter((k) => k === 'Patient').length > 1 || entries.length > 2 || kinds.some((k) => k !== 'Patient' && k !== 'Encounter')) {
    fields.push({ field: 'Bundle.entry', message: 'may hold only one Patient and one Encounter' });
  }
  if (fields.length) throw new ValidationFailed('The Bundle is not valid', fields);
  const encounter = readEncounter(entries[ei].resource, `Bundle.entry[${ei}].resource`);
  const patient = pi >= 0 ? readPatient(entries[pi].resource, `Bundle.entry[${pi}].resource`) : null;
  if (encounter.subjectRef) {
    const patientUrl = pi >= 0 ? str(entries[pi].fullUrl) : null;
    if (!patient || encounter.subjectRef !== patientUrl) {
      throw new ValidationFailed('The Bundle is not valid', [
        { field: `Bundle.entry[${ei}].resource.subject.reference`, message: "must be the fullUrl of the Bundle's Patient entry" },
      ]);
    }
    encounter.nhsNumber = patient.nhsNumber;
  } else if (patient && encounter.nhsNumber !== patient.nhsNumber) {
    throw new ValidationFailed('The Bundle is not valid', [{ field: `Bundle.entry[${ei}].resource.subject`, message: "is not the Bundle's Patient" }]);
  }
  return { patient, encounter, encounterFullUrl: str(entries[ei].fullUrl) };
}
