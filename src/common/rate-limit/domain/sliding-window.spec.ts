import { WINDOW_MS, estimate, judge, windowStart } from './sliding-window';

describe('sliding window', () => {
  const start = 1_800_000_000_000 - (1_800_000_000_000 % WINDOW_MS);

  it('aligns windows to the epoch, so every instance computes the same start', () => {
    expect(windowStart(start)).toBe(start);
    expect(windowStart(start + WINDOW_MS - 1)).toBe(start);
    expect(windowStart(start + WINDOW_MS)).toBe(start + WINDOW_MS);
  });

  it('admits exactly the limit in a fresh window and refuses the next one', () => {
    expect(judge(3, start + 10, { hits: 3, previous: 0 })).toEqual({ allowed: true });
    const refused = judge(3, start + 10, { hits: 4, previous: 0 });
    expect(refused.allowed).toBe(false);
  });

  it("weighs the previous window by how much of it is still within the last minute", () => {
    expect(estimate(start, { hits: 1, previous: 100 })).toBe(101);
    expect(estimate(start + WINDOW_MS / 2, { hits: 1, previous: 100 })).toBe(51);
    expect(judge(60, start + WINDOW_MS / 2, { hits: 10, previous: 100 })).toEqual({ allowed: true });
    expect(judge(60, start + WINDOW_MS / 4, { hits: 10, previous: 100 }).allowed).toBe(false);
  });

  it('says to retry when the previous window has decayed enough, within this window', () => {
    // limit 60, 10 hits now, 100 before: the 11th fits once 100 * (1 - t) <= 49, t >= 0.51
    const v = judge(60, start + WINDOW_MS / 4, { hits: 10, previous: 100 });
    expect(v).toEqual({ allowed: false, retryAfterSeconds: Math.ceil((0.51 * WINDOW_MS - WINDOW_MS / 4) / 1000) });
    const later = start + WINDOW_MS / 4 + (v.allowed ? 0 : v.retryAfterSeconds) * 1000;
    expect(judge(60, later, { hits: 11, previous: 100 })).toEqual({ allowed: true });
  });

  it('says to retry in the next window when this one is over the limit on its own', () => {
    // limit 3, 4 hits (the refused one counted): next window, once 4 * (1 - t) + 1 <= 3, t >= 0.5
    const v = judge(3, start + 30_000, { hits: 4, previous: 0 });
    expect(v).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(judge(3, start + 30_000 + 60_000, { hits: 1, previous: 4 })).toEqual({ allowed: true });
    // limit 1: only once the full-weight window has slid out
    expect(judge(1, start, { hits: 2, previous: 0 })).toEqual({ allowed: false, retryAfterSeconds: 120 });
  });

  it('never says less than one second', () => {
    // limit 10, 5 now, 1000 before, at 99.45 %: the next fits at 99.6 %, 90 ms away
    expect(judge(10, start + 0.9945 * WINDOW_MS, { hits: 5, previous: 1000 })).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
