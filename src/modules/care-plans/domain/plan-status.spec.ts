import { isAgreed, missingAgreements, versionStatus } from './plan-status';

describe('care plan status', () => {
  const gp = { role: 'gp', patientInvolved: false };
  const patient = { role: 'patient', patientInvolved: true };
  const rep = { role: 'representative', patientInvolved: false };

  it('is agreed only with the GP and the patient or their representative', () => {
    expect(isAgreed([])).toBe(false);
    expect(isAgreed([gp])).toBe(false);
    expect(isAgreed([patient])).toBe(false);
    expect(isAgreed([gp, patient])).toBe(true);
    expect(isAgreed([gp, rep])).toBe(true);
    expect(isAgreed([{ role: 'gp', patientInvolved: true }])).toBe(true);
    expect(isAgreed([{ role: 'mdt', patientInvolved: true }])).toBe(false);
  });

  it('drafts the latest unagreed version and supersedes older ones', () => {
    expect(versionStatus(2, 2, [gp, rep])).toBe('agreed');
    expect(versionStatus(2, 2, [gp])).toBe('draft');
    expect(versionStatus(1, 2, [gp, rep])).toBe('superseded');
  });

  it('says what is missing', () => {
    expect(missingAgreements([])).toEqual(['gp', 'patient_or_representative']);
    expect(missingAgreements([rep])).toEqual(['gp']);
    expect(missingAgreements([gp, patient])).toEqual([]);
  });
});
