import { TRIAGE_EVENT, triageProblems } from './triage';

describe('triage rules', () => {
  it('accepts a routed decision', () => {
    expect(triageProblems('urgent', { decision: 'accept', destinations: [{ service: 'rapid_response' }, { service: 'social_care' }] })).toEqual([]);
  });

  it('needs at least one destination, each service once, to accept', () => {
    expect(triageProblems('urgent', { decision: 'accept' })).toEqual([{ field: 'destinations', message: expect.any(String) }]);
    expect(
      triageProblems('urgent', { decision: 'accept', destinations: [{ service: 'social_care' }, { service: 'social_care', teamCode: 'X' }] }),
    ).toEqual([{ field: 'destinations.1.service', message: 'is already in this triage' }]);
  });

  it.each(['return_to_referrer', 'decline'] as const)('%s needs a reason and no destinations', (decision) => {
    expect(triageProblems('routine', { decision, reason: '  ' })).toEqual([{ field: 'reason', message: expect.stringContaining('required') }]);
    expect(triageProblems('routine', { decision, reason: 'Not for us', destinations: [{ service: 'social_care' }] })).toEqual([
      { field: 'destinations', message: expect.any(String) },
    ]);
    expect(triageProblems('routine', { decision, reason: 'Needs GP review first' })).toEqual([]);
  });

  it('needs a reason to change the urgency, not to confirm it', () => {
    expect(triageProblems('routine', { decision: 'accept', urgency: 'crisis', destinations: [{ service: 'rapid_response' }] })).toEqual([
      { field: 'reason', message: 'is required to change the urgency' },
    ]);
    expect(triageProblems('routine', { decision: 'accept', urgency: 'routine', destinations: [{ service: 'rapid_response' }] })).toEqual([]);
    expect(
      triageProblems('routine', { decision: 'accept', urgency: 'crisis', reason: 'Lives alone, fell twice today', destinations: [{ service: 'rapid_response' }] }),
    ).toEqual([]);
  });

  it('maps each decision to its referral event', () => {
    expect(TRIAGE_EVENT).toEqual({ accept: 'triage_accept', return_to_referrer: 'return_to_referrer', decline: 'decline' });
  });
});
