import { isReviewOverdue, reviewTaskKey, reviewTeams, share } from './review';

describe('care plan review', () => {
  it('is overdue from the review time on, never without one', () => {
    const due = new Date('2026-01-01T00:00:00Z');
    expect(isReviewOverdue(due, new Date('2025-12-31T23:59:59Z'))).toBe(false);
    expect(isReviewOverdue(due, due)).toBe(true);
    expect(isReviewOverdue(null, due)).toBe(false);
  });

  it("asks the care coordinator's team, else the practice teams", () => {
    expect(reviewTeams('CC', ['NCT-B', 'NCT-A'])).toEqual(['CC']);
    expect(reviewTeams(null, ['NCT-B', 'NCT-A', 'NCT-B'])).toEqual(['NCT-A', 'NCT-B']);
    expect(reviewTeams(null, [])).toEqual([]);
  });

  it('keys one task per version and team', () => {
    expect(reviewTaskKey('p', 3, 'T')).toBe('care_plan_review_due:p:3:T');
  });

  it('computes shares', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(0, 0)).toBeNull();
  });
});
