import { inviteExclusion, whoNext } from './who-next';

const now = new Date('2026-11-23T10:00:00Z');
const rules = { completedCooldownMonths: 12, declinedCooldownMonths: 6 };
const none = { openEpisode: false, lastCompletedAt: null, lastDeclinedAt: null };

describe('who next', () => {
  it('skips open episodes, completions in 12 months and declines in 6 months', () => {
    expect(inviteExclusion(none, now, rules)).toBeNull();
    expect(inviteExclusion({ ...none, openEpisode: true }, now, rules)).toBe('open_episode');
    expect(inviteExclusion({ ...none, lastCompletedAt: new Date('2026-01-01T00:00:00Z') }, now, rules)).toBe('completed_recently');
    expect(inviteExclusion({ ...none, lastCompletedAt: new Date('2025-11-01T00:00:00Z') }, now, rules)).toBeNull();
    expect(inviteExclusion({ ...none, lastDeclinedAt: new Date('2026-06-01T00:00:00Z') }, now, rules)).toBe('declined_recently');
    expect(inviteExclusion({ ...none, lastDeclinedAt: new Date('2026-05-01T00:00:00Z') }, now, rules)).toBeNull();
  });

  it('keeps risk order and stops at the limit; an empty practice has nobody next', () => {
    const ranked = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, history: { ...none, openEpisode: i === 1 } }));
    expect(whoNext(ranked, now, rules, 2).map((c) => c.id)).toEqual(['a', 'c']);
    expect(whoNext([], now, rules, 5)).toEqual([]);
  });
});
