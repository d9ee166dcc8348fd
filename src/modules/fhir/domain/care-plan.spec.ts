import { toFhirStructuredCarePlan } from './care-plan';

const empty = {
  nhsNumber: '9990000018',
  version: 2,
  status: 'agreed',
  whatMattersToMe: null,
  goals: null,
  needs: null,
  pressurePoints: null,
  crisisPlan: null,
  medicationsSummary: null,
  anticipatoryMedications: null,
  capacity: null,
  preferredPlaceOfCare: null,
  preferredPlaceOfDeath: null,
  carers: null,
  contacts: [],
  resuscitation: null,
  reviewDueAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  createdBy: { staffId: 'gp-1', name: 'Dr Gwen' },
};

describe('toFhirStructuredCarePlan', () => {
  it('makes each goal line a contained Goal and the crisis plan and anticipatory medicines activities', () => {
    const p = toFhirStructuredCarePlan({ ...empty, goals: '- Walk to the shop\n\n* Sleep downstairs', crisisPlan: 'Call RR', anticipatoryMedications: 'JIC box', reviewDueAt: '2026-04-01T00:00:00.000Z' });
    expect(p.contained?.map((g) => [g.id, g.description.text, g.lifecycleStatus])).toEqual([
      ['goal-1', 'Walk to the shop', 'active'],
      ['goal-2', 'Sleep downstairs', 'active'],
    ]);
    expect(p.goal).toEqual([{ reference: '#goal-1' }, { reference: '#goal-2' }]);
    expect(p.activity?.map((a) => [a.detail.kind, a.detail.description])).toEqual([
      ['ServiceRequest', 'Call RR'],
      ['MedicationRequest', 'JIC box'],
    ]);
    expect(p).toMatchObject({ id: '9990000018', status: 'active', meta: { versionId: '2' }, period: { end: '2026-04-01T00:00:00.000Z' } });
  });

  it('keeps the other sections, contacts and resuscitation as notes, and leaves out what is empty', () => {
    const p = toFhirStructuredCarePlan({
      ...empty,
      status: 'draft',
      whatMattersToMe: 'Home',
      contacts: [{ name: 'RR', role: null, phone: '01304', available24x7: true }],
      resuscitation: { status: 'dnacpr', documentedAt: '2026-01-01', by: 'Dr Gwen' },
    });
    expect(p.status).toBe('draft');
    expect(p.note?.map((n) => n.text)).toEqual(['What matters to me: Home', 'Contacts:\nRR: 01304, available 24/7', 'Resuscitation decision: DNACPR (Dr Gwen, 2026-01-01)']);
    for (const key of ['contained', 'goal', 'activity', 'period']) expect(p).not.toHaveProperty(key);
  });

  it('cancels the goals of a superseded version', () => {
    expect(toFhirStructuredCarePlan({ ...empty, status: 'superseded', goals: 'x' }).contained?.[0].lifecycleStatus).toBe('cancelled');
  });
});
