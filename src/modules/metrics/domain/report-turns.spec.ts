import { turnRetryDelayMs } from './report-turns';

describe('report turn retry pause', () => {
  it('doubles from 200 ms and stops at 1 s', () => {
    expect([0, 1, 2, 3, 4, 50].map((a) => turnRetryDelayMs(a, 0.999999))).toEqual([200, 400, 800, 1000, 1000, 1000]);
  });

  it('is between half and all of the ceiling, by the random draw', () => {
    expect(turnRetryDelayMs(0, 0)).toBe(100);
    expect(turnRetryDelayMs(0, 0.5)).toBe(150);
    expect(turnRetryDelayMs(4, 0)).toBe(500);
  });
});
