import { toFhirPatient } from './patient';

const base = {
  nhsNumber: '9990000018',
  nhsNumberVerified: true,
  givenName: 'Ada',
  familyName: 'Lovelace',
  dateOfBirth: '1940-12-10',
  sex: 'female',
  address: { line1: '1 Harbour Street', town: 'Dover', postcode: 'CT16 1AA' },
  phone: null,
  gpPracticeOds: 'Z99001',
  deceasedAt: null,
  version: 3,
  updatedAt: '2026-01-01T10:00:00.000Z',
};

describe('toFhirPatient', () => {
  it('carries the NHS number with verification status 01 when verified, the GP practice by ODS code', () => {
    const p = toFhirPatient(base);
    expect(p.id).toBe('9990000018');
    expect(p.identifier[0]).toMatchObject({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' });
    expect(p.identifier[0].extension[0].valueCodeableConcept.coding[0].code).toBe('01');
    expect(p.generalPractitioner).toEqual([expect.objectContaining({ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Z99001' } })]);
    expect(p.meta).toEqual({ versionId: '3', lastUpdated: '2026-01-01T10:00:00.000Z' });
    expect(p.address).toEqual([{ use: 'home', line: ['1 Harbour Street'], city: 'Dover', postalCode: 'CT16 1AA' }]);
  });

  it('says 02 (present, not traced) for an unverified number and leaves out what is unknown', () => {
    const p = toFhirPatient({ ...base, nhsNumberVerified: false, sex: null, address: null, gpPracticeOds: null });
    expect(p.identifier[0].extension[0].valueCodeableConcept.coding[0].code).toBe('02');
    expect(p).not.toHaveProperty('gender');
    expect(p).not.toHaveProperty('address');
    expect(p).not.toHaveProperty('generalPractitioner');
    expect(p).not.toHaveProperty('telecom');
  });

  it('gives a death date and phone when known', () => {
    const p = toFhirPatient({ ...base, deceasedAt: '2026-02-01T00:00:00.000Z', phone: '01304 000000' });
    expect(p.deceasedDateTime).toBe('2026-02-01T00:00:00.000Z');
    expect(p.telecom).toEqual([{ system: 'phone', value: '01304 000000', use: 'home' }]);
  });
});
