import { Fhir } from 'fhir';
import { toOperationOutcome } from './operation-outcome';

describe('toOperationOutcome', () => {
  it('one issue per field error, with our code and the field as expression; valid R4', () => {
    const oo = toOperationOutcome({
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'Encounter.status', message: 'must be one of …' }],
      correlationId: 'req-1',
    });
    expect(oo).toEqual({
      resourceType: 'OperationOutcome',
      id: 'req-1',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          details: { coding: [{ system: 'https://care-coordination.example.nhs.uk/problems', code: 'VALIDATION_FAILED' }], text: 'The request is not valid' },
          diagnostics: 'Encounter.status must be one of …',
          expression: ['Encounter.status'],
        },
      ],
    });
    // Our codes are not in FHIR's example value set for details: a warning, not an error.
    const result = new Fhir().validate(oo);
    expect(result.valid).toBe(true);
    expect(result.messages.filter((m) => m.severity !== 'warning')).toEqual([]);
  });

  it('maps statuses to issue types and keeps the detail', () => {
    const codes = [401, 403, 404, 409, 413, 415, 429, 500].map((status) => toOperationOutcome({ title: 't', status, code: 'X', detail: 'd' }).issue[0].code);
    expect(codes).toEqual(['login', 'forbidden', 'not-found', 'conflict', 'too-long', 'not-supported', 'throttled', 'exception']);
    const oo = toOperationOutcome({ title: 't', status: 500, code: 'INTERNAL_ERROR', detail: 'd' });
    expect(oo.issue[0]).toMatchObject({ severity: 'fatal', diagnostics: 'd' });
    expect(new Fhir().validate(oo).valid).toBe(true);
  });
});
