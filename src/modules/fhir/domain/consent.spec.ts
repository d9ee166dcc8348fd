import { toFhirConsent } from './consent';

const c = { decision: 'granted', scope: 'care_plan_sharing', recordedBy: 'Dr Gwen', recordedAt: '2026-01-10T11:00:00.000Z', notes: null, createdAt: '2026-01-10T11:01:00.000Z' };

describe('toFhirConsent', () => {
  it.each([
    ['granted', 'permit', 'OPTIN'],
    ['best_interests', 'permit', 'OPTIN'],
    ['declined', 'deny', 'OPTOUT'],
  ])('%s sharing is a %s provision (%s)', (decision, type, code) => {
    const r = toFhirConsent({ ...c, decision }, '9990000018');
    expect(r.provision.type).toBe(type);
    expect(r.policyRule.coding[0].code).toBe(code);
    expect(r).toMatchObject({ id: '9990000018', status: 'active', patient: { reference: 'Patient/9990000018' }, dateTime: c.recordedAt });
  });

  it('says when the decision was taken in the person\u2019s best interests', () => {
    expect(toFhirConsent({ ...c, decision: 'best_interests' }, '9990000018').provision).toHaveProperty('code');
    expect(toFhirConsent(c, '9990000018').provision).not.toHaveProperty('code');
  });
});
