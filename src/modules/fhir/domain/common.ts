/** Systems and reference shapes shared by the FHIR mappings (UK Core R4). */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** Our own code systems and identifiers (team codes, staff ids, referral and alert codes). */
export const LOCAL_BASE = 'https://care-coordination.example.nhs.uk/fhir';
export const TEAM_CODE_SYSTEM = `${LOCAL_BASE}/Id/team-code`;
export const STAFF_ID_SYSTEM = `${LOCAL_BASE}/Id/staff-id`;

export type Json = Record<string, unknown>;

export function patientRef(nhsNumber: string) {
  return { reference: `Patient/${nhsNumber}`, type: 'Patient', identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber } };
}

export function organizationRef(ods: string, display?: string | null) {
  return { reference: `Organization/${ods}`, type: 'Organization', identifier: { system: ODS_SYSTEM, value: ods }, ...(display ? { display } : {}) };
}

export function teamRef(teamCode: string) {
  return { reference: `HealthcareService/${teamCode}`, type: 'HealthcareService', identifier: { system: TEAM_CODE_SYSTEM, value: teamCode } };
}

export function staffRef(staffId: string, name?: string | null) {
  return { type: 'Practitioner', identifier: { system: STAFF_ID_SYSTEM, value: staffId }, ...(name ? { display: name } : {}) };
}

/** A local code as a CodeableConcept (our value with a readable text). */
export function localConcept(valueSet: string, code: string, text?: string) {
  return { coding: [{ system: `${LOCAL_BASE}/CodeSystem/${valueSet}`, code }], text: text ?? code.replace(/_/g, ' ') };
}

/** Drops keys whose value is null, undefined, an empty string, array or object (FHIR JSON forbids them). */
export function compact<T extends Json>(o: T): T {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

/** FHIR ids: [A-Za-z0-9\-.]{1,64}. */
export function isFhirId(value: string): boolean {
  return /^[A-Za-z0-9\-.]{1,64}$/.test(value);
}
