import { WEEK_MS, hasCapacity, isReviewDue, planTransition } from './episode-state';

const now = new Date('2026-11-23T10:00:00Z');
const state = (status: Parameters<typeof planTransition>[0]['status'], lastChangedAt = new Date('2026-11-01T00:00:00Z')) => ({ status, lastChangedAt, startedAt: null });

describe('episode state machine', () => {
  it('walks identified -> invited -> assessment -> mdt_review -> active -> review_due -> completed', () => {
    expect(planTransition(state('identified'), { to: 'invited' }, now, 12)).toMatchObject({ from: 'identified', to: 'invited', at: now });
    expect(planTransition(state('invited'), { to: 'assessment' }, now, 12)).toMatchObject({ to: 'assessment' });
    expect(planTransition(state('assessment'), { to: 'mdt_review', disciplines: ['social_care', 'gp'] }, now, 12)).toMatchObject({ disciplines: ['gp', 'social_care'] });
    const active = planTransition(state('mdt_review'), { to: 'active' }, now, 12);
    expect(active).toMatchObject({ startedAt: now, plannedEndAt: new Date(now.getTime() + 12 * WEEK_MS) });
    expect(planTransition(state('active'), { to: 'review_due' }, now, 12)).toMatchObject({ to: 'review_due' });
    expect(planTransition(state('review_due'), { to: 'completed' }, now, 12)).toMatchObject({ endedAt: now });
  });

  it('refuses illegal transitions', () => {
    expect(planTransition(state('identified'), { to: 'active' }, now, 12)).toMatchObject({ kind: 'invalid_transition' });
    expect(planTransition(state('completed'), { to: 'withdrawn', reason: 'x' }, now, 12)).toMatchObject({ kind: 'invalid_transition' });
    expect(planTransition(state('assessment'), { to: 'declined', reason: 'x' }, now, 12)).toMatchObject({ kind: 'invalid_transition' });
  });

  it('needs a reason to decline or withdraw, gp among the disciplines, and a time not in the future', () => {
    expect(planTransition(state('invited'), { to: 'declined', reason: '  ' }, now, 12)).toMatchObject({ kind: 'validation', field: 'reason' });
    expect(planTransition(state('invited'), { to: 'declined', reason: 'Prefers not to' }, now, 12)).toMatchObject({ to: 'declined', reason: 'Prefers not to', endedAt: now });
    expect(planTransition(state('assessment'), { to: 'mdt_review', disciplines: ['physio_ot'] }, now, 12)).toMatchObject({ field: 'disciplines' });
    expect(planTransition(state('assessment'), { to: 'mdt_review', disciplines: ['gp', 'astrologer'] }, now, 12)).toMatchObject({ field: 'disciplines' });
    expect(planTransition(state('invited'), { to: 'assessment', disciplines: ['gp'] }, now, 12)).toMatchObject({ field: 'disciplines' });
    expect(planTransition(state('invited'), { to: 'assessment', at: new Date(now.getTime() + 1000) }, now, 12)).toMatchObject({ field: 'at' });
    expect(planTransition(state('invited'), { to: 'assessment', at: new Date('2026-10-01T00:00:00Z') }, now, 12)).toMatchObject({ field: 'at' });
  });

  it('dates the 12-week clock from a backdated agreement', () => {
    const at = new Date('2026-11-20T09:00:00Z');
    expect(planTransition(state('mdt_review'), { to: 'active', at }, now, 12)).toMatchObject({ plannedEndAt: new Date(at.getTime() + 12 * WEEK_MS) });
  });

  it('knows when review is due and when a team is full', () => {
    expect(isReviewDue({ status: 'active', plannedEndAt: now }, now)).toBe(true);
    expect(isReviewDue({ status: 'active', plannedEndAt: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(isReviewDue({ status: 'review_due', plannedEndAt: now }, now)).toBe(false);
    expect(hasCapacity(2, 3)).toBe(true);
    expect(hasCapacity(3, 3)).toBe(false);
  });
});
