import { validateCarePlanR4 } from './fhir-r4-careplan';

// The checker itself must catch what it claims to (it is what the export test relies on).
describe('FHIR R4 CarePlan structural check', () => {
  const valid = {
    resourceType: 'CarePlan',
    id: 'a1',
    meta: { versionId: '2', lastUpdated: '2026-01-01T10:00:00.000Z' },
    status: 'active',
    intent: 'plan',
    subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' } },
    period: { start: '2026-01-01T10:00:00Z' },
    note: [{ text: 'Goals: stay home' }],
  };

  it('accepts a minimal valid CarePlan', () => {
    expect(validateCarePlanR4(valid)).toEqual([]);
  });

  it.each([
    ['a status outside request-status', { status: 'agreed' }, 'CarePlan.status'],
    ['an intent outside care-plan-intent', { intent: 'wish' }, 'CarePlan.intent'],
    ['no subject', { subject: undefined }, 'CarePlan.subject'],
    ['an unknown element', { reviewDueAt: '2026-01-01' }, 'CarePlan.reviewDueAt'],
    ['a bad lastUpdated', { meta: { versionId: '1', lastUpdated: '2026-01-01' } }, 'CarePlan.meta.lastUpdated'],
    ['a null', { title: null }, 'CarePlan.title'],
    ['a note without text', { note: [{ authorString: 'x' }] }, 'CarePlan.note[0].text'],
    ['a single contributor not in an array', { contributor: { display: 'x' } }, 'CarePlan.contributor'],
  ])('rejects %s', (_, change, path) => {
    const errors = validateCarePlanR4(JSON.parse(JSON.stringify({ ...valid, ...change })));
    expect(errors.join('\n')).toContain(path);
  });
});
