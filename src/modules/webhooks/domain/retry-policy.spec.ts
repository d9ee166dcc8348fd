import { nextAttemptAt, retryDelaySeconds } from './retry-policy';

const policy = { retryBaseSeconds: 30, retryMaxSeconds: 3600, retryForHours: 25 };

describe('webhook retry policy', () => {
  it('doubles the wait from the base and caps it', () => {
    expect([1, 2, 3, 4].map((a) => retryDelaySeconds(a, policy))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(8, policy)).toBe(3600);
    expect(retryDelaySeconds(500, policy)).toBe(3600);
  });

  it('keeps retrying for at least 24 hours, then gives up', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    let now = created;
    let attempt = 1;
    let last = created;
    for (;;) {
      const next = nextAttemptAt(attempt, created, now, policy);
      if (!next) break;
      last = next;
      now = next;
      attempt += 1;
    }
    expect(last.getTime() - created.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(attempt).toBeGreaterThan(20);
    expect(nextAttemptAt(1, created, new Date(created.getTime() + 25 * 3_600_000), policy)).toBeNull();
  });
});
