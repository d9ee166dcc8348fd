import { parseNhsNumber } from '../../../common/validation/nhs-number';

/**
 * Reading the PDS FHIR R4 API's answers (pure). Anything not shaped like a PDS answer throws
 * PdsGarbage: the adapter treats it like an outage (retry later), never as "no match".
 */
export class PdsGarbage extends Error {
  constructor(what: string) {
    super(`PDS answer not understood: ${what}`);
    this.name = 'PdsGarbage';
  }
}

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

export interface PdsPerson {
  nhsNumber: string;
  givenName: string | null;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  postcode: string | null;
  addressLines: string[];
  gpPracticeOds: string | null;
  deceasedAt: string | null;
}

export interface PdsCandidate extends PdsPerson {
  /** PDS match score, 0..1 (1 = exact). */
  score: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A FHIR Patient resource as PDS returns it. */
export function parsePatient(resource: unknown): PdsPerson {
  if (!isObject(resource) || resource.resourceType !== 'Patient') throw new PdsGarbage('not a Patient resource');
  const nhs = parseNhsNumber(resource.id);
  if (!nhs.ok) throw new PdsGarbage('Patient.id is not a valid NHS number');
  const official = array(resource.name).filter(isObject);
  const name = official.find((n) => n.use === 'official') ?? official[0];
  if (!name || typeof name.family !== 'string' || !name.family.trim()) throw new PdsGarbage('Patient has no family name');
  const birthDate = resource.birthDate;
  if (typeof birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new PdsGarbage('Patient.birthDate is not a date');
  const given = array(name.given).filter((g): g is string => typeof g === 'string');
  const addresses = array(resource.address).filter(isObject);
  const home = addresses.find((a) => a.use === 'home') ?? addresses[0];
  const gp = array(resource.generalPractitioner).filter(isObject)[0];
  const gpIdentifier = gp && isObject(gp.identifier) ? gp.identifier : undefined;
  const gender = resource.gender;
  const deceased = resource.deceasedDateTime;
  return {
    nhsNumber: nhs.value,
    givenName: given.length ? given.join(' ') : null,
    familyName: name.family.trim(),
    dateOfBirth: birthDate,
    sex: gender === 'female' || gender === 'male' || gender === 'other' || gender === 'unknown' ? gender : null,
    postcode: home && typeof home.postalCode === 'string' ? home.postalCode : null,
    addressLines: home ? array(home.line).filter((l): l is string => typeof l === 'string') : [],
    gpPracticeOds: gpIdentifier && typeof gpIdentifier.value === 'string' ? gpIdentifier.value : null,
    deceasedAt: typeof deceased === 'string' && !Number.isNaN(Date.parse(deceased)) ? new Date(deceased).toISOString() : null,
  };
}

/** A searchset Bundle: every entry's Patient with its match score. */
export function parseSearchBundle(body: unknown): PdsCandidate[] {
  if (!isObject(body) || body.resourceType !== 'Bundle' || body.type !== 'searchset') throw new PdsGarbage('not a searchset Bundle');
  return array(body.entry).map((entry) => {
    if (!isObject(entry)) throw new PdsGarbage('Bundle entry is not an object');
    const search = isObject(entry.search) ? entry.search : {};
    const score = typeof search.score === 'number' && search.score >= 0 && search.score <= 1 ? search.score : null;
    if (score === null) throw new PdsGarbage('Bundle entry has no match score');
    return { ...parsePatient(entry.resource), score };
  });
}
