import { PROBLEM_BASE } from '../errors/problem.filter';
import { isFhirPath, toOperationOutcome } from './operation-outcome';

describe('toOperationOutcome', () => {
  const problem = {
    type: `${PROBLEM_BASE}validation-failed`,
    title: 'The request is not valid',
    status: 400,
    detail: '_count must be 1 to 500',
    code: 'VALIDATION_FAILED',
    errors: [{ field: '_count', message: 'must be 1 to 500' }],
    correlationId: 'req-1',
  };

  it('keeps the stable code, the text, the correlation id and one issue per field error', () => {
    expect(toOperationOutcome(problem)).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          details: { coding: [{ system: PROBLEM_BASE, code: 'VALIDATION_FAILED' }], text: 'The request is not valid: _count must be 1 to 500' },
          diagnostics: 'correlationId=req-1',
        },
        { severity: 'error', code: 'invalid', details: { text: 'must be 1 to 500' }, expression: ['_count'] },
      ],
    });
  });

  it.each([
    [401, 'login', 'error'],
    [403, 'forbidden', 'error'],
    [404, 'not-found', 'error'],
    [409, 'conflict', 'error'],
    [429, 'throttled', 'error'],
    [500, 'exception', 'fatal'],
  ])('maps HTTP %i to issue code %s', (status, code, severity) => {
    const oo = toOperationOutcome({ type: `${PROBLEM_BASE}x`, title: 'T', status, code: 'X', correlationId: '' });
    expect(oo.issue).toHaveLength(1);
    expect(oo.issue[0]).toMatchObject({ code, severity, details: { text: 'T' } });
    expect(oo.issue[0]).not.toHaveProperty('diagnostics');
  });

  it('applies to /fhir/ paths only', () => {
    expect(isFhirPath('/fhir/R4/Patient')).toBe(true);
    expect(isFhirPath('/api/v1/patients')).toBe(false);
    expect(isFhirPath('/fhirish')).toBe(false);
    expect(isFhirPath(undefined)).toBe(false);
  });
});
