import { NHS_NUMBER_SYSTEM, compact, organizationRef } from './common';

export const VERIFICATION_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';

export interface PatientInput {
  nhsNumber: string;
  nhsNumberVerified: boolean;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string | null;
  address: { line1?: string; line2?: string; town?: string; postcode?: string } | null;
  phone: string | null;
  gpPracticeOds: string | null;
  deceasedAt: string | null;
  version: number;
  updatedAt: string;
}

const GENDER: Record<string, 'male' | 'female' | 'other' | 'unknown'> = { male: 'male', female: 'female', other: 'other', unknown: 'unknown' };

/**
 * UK Core Patient: the NHS number (id and identifier) with its verification status (01 present and
 * verified, 02 present but not traced), official name, gender, birth date, home address, phone,
 * and the registered GP practice by ODS code.
 */
export function toFhirPatient(p: PatientInput) {
  const verified = p.nhsNumberVerified;
  const address = p.address
    ? compact({
        use: 'home',
        line: [p.address.line1, p.address.line2].filter((l): l is string => !!l),
        city: p.address.town,
        postalCode: p.address.postcode,
      })
    : null;
  return compact({
    resourceType: 'Patient' as const,
    id: p.nhsNumber,
    meta: { versionId: String(p.version), lastUpdated: p.updatedAt },
    identifier: [
      {
        extension: [
          {
            url: VERIFICATION_EXTENSION,
            valueCodeableConcept: {
              coding: [
                verified
                  ? { system: VERIFICATION_SYSTEM, code: '01', display: 'Number present and verified' }
                  : { system: VERIFICATION_SYSTEM, code: '02', display: 'Number present but not traced' },
              ],
            },
          },
        ],
        system: NHS_NUMBER_SYSTEM,
        value: p.nhsNumber,
      },
    ],
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    gender: p.sex ? GENDER[p.sex] : undefined,
    birthDate: p.dateOfBirth,
    deceasedDateTime: p.deceasedAt ?? undefined,
    address: address && Object.keys(address).length > 1 ? [address] : undefined,
    telecom: p.phone ? [{ system: 'phone', value: p.phone, use: 'home' }] : undefined,
    generalPractitioner: p.gpPracticeOds ? [organizationRef(p.gpPracticeOds)] : undefined,
  });
}
