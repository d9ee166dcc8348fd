import { gpAgreementProblem } from './gp-agreement';

describe('gpAgreementProblem', () => {
  const practiceGp = { roles: ['gp'], org: 'Z99001' };
  it('lets a GP of the registered practice record the GP agreement as themselves', () => {
    expect(gpAgreementProblem('gp', practiceGp, 'Z99001', undefined)).toBeNull();
  });

  it.each([
    ['a GP of another practice', { roles: ['gp'], org: 'Z99002' }],
    ['a care coordinator', { roles: ['care_coordinator'], org: 'Z99001' }],
    ['practice staff (not a GP)', { roles: ['practice_staff'], org: 'Z99001' }],
    ['a clinician without org', { roles: ['clinician'] }],
  ])('makes %s say on whose behalf', (_who, principal) => {
    expect(gpAgreementProblem('gp', principal, 'Z99001', undefined)?.field).toBe('recordedOnBehalfOf');
    expect(gpAgreementProblem('gp', principal, 'Z99001', '  ')?.field).toBe('recordedOnBehalfOf');
    expect(gpAgreementProblem('gp', principal, 'Z99001', 'Dr Gwen Practice')).toBeNull();
  });

  it('a patient without a registered practice: the GP agreement is always recorded on behalf', () => {
    expect(gpAgreementProblem('gp', practiceGp, null, undefined)?.field).toBe('recordedOnBehalfOf');
  });

  it('other roles need no GP, and cannot claim to be on behalf', () => {
    expect(gpAgreementProblem('patient', { roles: ['clinician'] }, 'Z99001', undefined)).toBeNull();
    expect(gpAgreementProblem('mdt', { roles: ['gp'] }, 'Z99001', 'Dr X')?.field).toBe('recordedOnBehalfOf');
  });
});
