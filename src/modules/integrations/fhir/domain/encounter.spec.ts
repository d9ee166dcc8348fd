import { readEncounter, readTransaction } from './encounter';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const enc = (o: Record<string, unknown> = {}) => ({
  resourceType: 'Encounter',
  identifier: [{ system: 'urn:spell', value: 'S1' }],
  status: 'in-progress',
  class: { code: 'IMP' },
  priority: { coding: [{ code: 'EL' }] },
  subject: { identifier: { system: NHS, value: '999 000 0018' } },
  serviceProvider: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RVV' } },
  period: { start: '2026-11-20T08:10:00+00:00' },
  ...o,
});

describe('reading a FHIR Encounter', () => {
  it('maps status, class, priority, subject, provider and period', () => {
    expect(readEncounter(enc())).toMatchObject({
      identifier: { system: 'urn:spell', value: 'S1' },
      phase: 'active',
      emergencyDepartment: false,
      nhsNumber: '9990000018',
      hospitalOds: 'RVV',
      method: 'elective',
      destination: null,
    });
    const done = readEncounter(enc({ status: 'finished', period: { start: '2026-11-20T08:10:00Z', end: '2026-11-22T10:00:00Z' }, hospitalization: { dischargeDisposition: { coding: [{ code: '79' }] } } }));
    expect(done).toMatchObject({ phase: 'finished', destination: 'died' });
    expect(readEncounter(enc({ status: 'entered-in-error' })).phase).toBe('cancelled');
  });

  it('lists every problem with its FHIRPath, never the values', () => {
    try {
      readEncounter(enc({ status: 'finished', identifier: [], subject: { identifier: { system: NHS, value: '9990000019' } }, priority: undefined }));
      throw new Error('expected a validation error');
    } catch (e) {
      const fields = (e as { errors: { field: string; message: string }[] }).errors;
      expect(fields.map((f) => f.field).sort()).toEqual(['Encounter.identifier', 'Encounter.period.end', 'Encounter.priority', 'Encounter.subject.identifier.value']);
      expect(JSON.stringify(fields)).not.toContain('9990000019');
    }
  });

  it('a transaction Bundle ties the Encounter to its Patient entry', () => {
    const patient = { resourceType: 'Patient', identifier: [{ system: NHS, value: '9990000018' }], name: [{ family: 'Lovelace', given: ['Ada'] }], birthDate: '1940-12-10' };
    const tx = readTransaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:p', resource: patient },
        { fullUrl: 'urn:uuid:e', resource: enc({ subject: { reference: 'urn:uuid:p' } }) },
      ],
    });
    expect(tx.encounter.nhsNumber).toBe('9990000018');
    expect(tx.patient).toMatchObject({ familyName: 'Lovelace', givenName: 'Ada', dateOfBirth: '1940-12-10' });
    expect(() => readTransaction({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: enc({ subject: { reference: 'urn:uuid:x' } }) }] })).toThrow();
    expect(() => readTransaction({ resourceType: 'Bundle', type: 'batch', entry: [] })).toThrow();
  });
});
