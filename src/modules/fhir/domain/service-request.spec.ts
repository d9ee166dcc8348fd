import { toFhirServiceRequests, toFhirTriageTask } from './service-request';

const referral = {
  id: 'r1',
  status: 'accepted',
  urgency: 'crisis',
  nhsNumber: '9990000018',
  requestedService: null,
  reason: 'Two falls',
  source: { type: 'gp', organisationOds: 'Z99001', name: 'Dr Test' },
  receivedAt: '2026-01-01T10:00:00.000Z',
  respondBy: '2026-01-01T12:00:00.000Z',
  spoaTeamCode: 'SKC-SPOA',
  updatedAt: '2026-01-01T10:30:00.000Z',
  version: 2,
  destinations: [
    { id: 'd1', service: 'rapid_response', teamCode: 'SKC-RR-DD', status: 'completed', respondBy: '2026-01-01T12:00:00.000Z', firstContactAt: null, completedAt: null, outcome: 'remained_at_home' },
    { id: 'd2', service: 'falls_prevention', teamCode: 'SKC-FALLS', status: 'cancelled', respondBy: '2026-01-08T10:00:00.000Z', firstContactAt: null, completedAt: null, outcome: null },
  ],
};

describe('toFhirServiceRequests', () => {
  it('gives the referral and one request per routed part, performer the team, occurrence the respond-by, priority from urgency', () => {
    const [r, d1, d2] = toFhirServiceRequests(referral);
    expect(r).toMatchObject({ id: 'r1', status: 'active', intent: 'order', priority: 'stat', performer: [{ reference: 'HealthcareService/SKC-SPOA' }], occurrenceDateTime: referral.respondBy });
    expect(r).toMatchObject({ requester: { reference: 'Organization/Z99001', display: 'Dr Test' } });
    expect(d1).toMatchObject({ id: 'd1', status: 'completed', basedOn: [{ reference: 'ServiceRequest/r1' }], performer: [{ reference: 'HealthcareService/SKC-RR-DD' }], note: [{ text: 'Outcome: remained at home' }] });
    expect(d2).toMatchObject({ id: 'd2', status: 'revoked', occurrenceDateTime: '2026-01-08T10:00:00.000Z' });
  });

  it.each([
    ['awaiting_triage', 'active'],
    ['in_progress', 'active'],
    ['completed', 'completed'],
    ['declined', 'revoked'],
    ['returned_to_referrer', 'revoked'],
    ['cancelled', 'revoked'],
  ])('maps referral status %s to %s', (status, fhir) => {
    expect(toFhirServiceRequests({ ...referral, status, destinations: [] })[0].status).toBe(fhir);
  });

  it('names a self-referral by its source when there is no organisation', () => {
    const [r] = toFhirServiceRequests({ ...referral, source: { type: 'self', organisationOds: null, name: null } });
    expect(r).toMatchObject({ requester: { display: 'self' } });
  });
});

describe('toFhirTriageTask', () => {
  it('is requested until triage, completed after, cancelled when cancelled untriaged', () => {
    expect(toFhirTriageTask({ ...referral, status: 'awaiting_triage' }, null).status).toBe('requested');
    expect(toFhirTriageTask(referral, '2026-01-01T10:20:00.000Z')).toMatchObject({ id: 'triage-r1', status: 'completed', lastModified: '2026-01-01T10:20:00.000Z', focus: { reference: 'ServiceRequest/r1' } });
    expect(toFhirTriageTask({ ...referral, status: 'cancelled' }, null).status).toBe('cancelled');
  });
});
