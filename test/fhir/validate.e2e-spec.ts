import { expectValidFhir, fhirProblems } from './validate';

// The validators the FHIR tests rely on must catch what they claim to.
describe('FHIR validators used by the FHIR API tests', () => {
  it('accept a valid UK Core-shaped Patient', () => {
    expect(fhirProblems({ resourceType: 'Patient', id: '9990000018', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }], birthDate: '1940-12-10' })).toEqual([]);
  });

  it.each([
    ['an unknown element', { resourceType: 'Patient', id: 'a', colour: 'blue' }],
    ['a wrong type', { resourceType: 'Patient', id: 'a', birthDate: 19401210 }],
    ['a missing required element', { resourceType: 'Flag', id: 'a', status: 'active', subject: { reference: 'Patient/1' } }],
    ['a bad status code', { resourceType: 'Encounter', id: 'a', status: 'admitted', class: { code: 'IMP' } }],
    ['a malformed date', { resourceType: 'Patient', id: 'a', birthDate: '10/12/1940' }],
  ])('reject %s', (_, resource) => {
    expect(fhirProblems(resource).length).toBeGreaterThan(0);
  });

  it('validate every entry of a Bundle', () => {
    const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [{ fullUrl: 'http://x/fhir/R4/Patient/a', resource: { resourceType: 'Patient', id: 'a', colour: 'blue' } }] };
    expect(() => expectValidFhir(bundle)).toThrow();
  });
});
