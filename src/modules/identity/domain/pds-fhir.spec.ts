import { PdsGarbage, parsePatient, parseSearchBundle } from './pds-fhir';

const patient = (over: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  id: '9990000018',
  name: [{ use: 'official', family: 'Lovelace', given: ['Ada', 'May'] }],
  gender: 'female',
  birthDate: '1940-12-10',
  address: [{ use: 'home', line: ['1 Harbour Street', 'Dover'], postalCode: 'CT16 1AA' }],
  generalPractitioner: [{ type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'G82001' } }],
  ...over,
});

describe('PDS FHIR parsing', () => {
  it('reads a Patient', () => {
    expect(parsePatient(patient())).toEqual({
      nhsNumber: '9990000018',
      givenName: 'Ada May',
      familyName: 'Lovelace',
      dateOfBirth: '1940-12-10',
      sex: 'female',
      postcode: 'CT16 1AA',
      addressLines: ['1 Harbour Street', 'Dover'],
      gpPracticeOds: 'G82001',
      deceasedAt: null,
    });
    expect(parsePatient(patient({ deceasedDateTime: '2026-01-02T03:04:05+00:00' })).deceasedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reads a searchset with scores', () => {
    const bundle = { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ search: { score: 0.98 }, resource: patient() }] };
    expect(parseSearchBundle(bundle).map((c) => [c.nhsNumber, c.score])).toEqual([['9990000018', 0.98]]);
    expect(parseSearchBundle({ resourceType: 'Bundle', type: 'searchset', total: 0 })).toEqual([]);
  });

  it.each([
    ['not JSON object', 'hello'],
    ['wrong resource', { resourceType: 'OperationOutcome' }],
    ['no score', { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: patient() }] }],
    ['bad NHS number', { resourceType: 'Bundle', type: 'searchset', entry: [{ search: { score: 1 }, resource: patient({ id: '1234567890' }) }] }],
    ['no family name', { resourceType: 'Bundle', type: 'searchset', entry: [{ search: { score: 1 }, resource: patient({ name: [{ given: ['A'] }] }) }] }],
    ['bad birth date', { resourceType: 'Bundle', type: 'searchset', entry: [{ search: { score: 1 }, resource: patient({ birthDate: 'yesterday' }) }] }],
  ])('refuses garbage: %s', (_what, body) => {
    expect(() => parseSearchBundle(body)).toThrow(PdsGarbage);
  });
});
