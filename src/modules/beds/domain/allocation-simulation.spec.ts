import { simulate } from './simulation';

describe('allocation policy, simulated over a year', () => {
  it('holds 60/40 (±0.05 over the 28-day window) from a 75:25 stream of routine requests, with no idle bed-hours while anyone waits', () => {
    // 10 beds turn over about 1.6 patients a day; 4 a day arrive (75:25), so both queues always hold someone.
    const r = simulate({ beds: 10, days: 365, arrivals: { step_down: 3, step_up: 1 }, backlog: { step_down: 6, step_up: 2 }, seed: 7 });
    expect(r.minWaitingByDirection.step_down).toBeGreaterThan(0);
    expect(r.minWaitingByDirection.step_up).toBeGreaterThan(0);
    expect(r.admissions).toBeGreaterThan(500);
    const afterWarmUp = r.dailyShare.filter(([day]) => day >= 28);
    expect(afterWarmUp.length).toBeGreaterThan(300);
    for (const [, share] of afterWarmUp) {
      expect(share).not.toBeNull();
      expect(Math.abs((share as number) - 0.6)).toBeLessThanOrEqual(0.05);
    }
    expect(r.idleBedHoursWhileWaiting).toBe(0);
    // the log shows the steering: off target, the bed went to the under-target direction, which had someone waiting
    const offTarget = r.decisions.filter((d) => d.underTargetDirection !== null);
    expect(offTarget.length).toBeGreaterThan(r.admissions / 2);
    const steered = offTarget.filter((d) => d.direction === d.underTargetDirection && d.underTargetDirectionWaiting === true);
    // (the rest: early on, only the other direction had someone past 48 h, and the 48 h rule comes first)
    expect(steered.length / offTarget.length).toBeGreaterThan(0.95);
    // nearly everyone has waited beyond 48 h in this overload, so that is the rule most decisions cite
    expect(r.decisions.filter((d) => d.reason === 'waited_beyond_limit').length).toBeGreaterThan(r.admissions / 2);
  });

  it('with 30% of step-ups urgent, urgent goes first, the mix gives a little, and no bed stands idle', () => {
    const r = simulate({
      beds: 10,
      days: 365,
      arrivals: { step_down: 3, step_up: 1 },
      backlog: { step_down: 6, step_up: 2 },
      seed: 7,
      urgentShare: { step_up: 0.3, step_down: 0 },
    });
    expect(r.idleBedHoursWhileWaiting).toBe(0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const waited = (p: 'urgent' | 'routine') => mean(r.decisions.filter((d) => d.direction === 'step_up' && d.priority === p).map((d) => d.waitedHours));
    expect(waited('urgent')).toBeLessThan(waited('routine') / 10);
    // the cost of priority is logged, and only urgent requests ever cost the mix
    const against = r.decisions.filter((d) => d.againstMixForPriority);
    expect(against.length).toBeGreaterThan(0);
    expect(against.every((d) => d.priority === 'urgent' && d.direction !== d.underTargetDirection)).toBe(true);
    // the mix still holds on average (docs/bed-allocation.md tables the spread)
    const shares = r.dailyShare.filter(([day]) => day >= 28).map(([, s]) => s as number);
    expect(Math.abs(mean(shares) - 0.6)).toBeLessThan(0.05);
  });

  it('with only step-down demand every bed still fills, and the log says the miss is demand, not policy', () => {
    const r = simulate({ beds: 10, days: 120, arrivals: { step_down: 3, step_up: 0 }, backlog: { step_down: 10, step_up: 0 }, seed: 11 });
    expect(r.idleBedHours).toBe(0);
    expect(r.idleBedHoursWhileWaiting).toBe(0);
    expect(r.dailyShare.filter(([day]) => day >= 28).every(([, s]) => s === 1)).toBe(true);
    const overTarget = r.decisions.filter((d) => d.stepDownShareBefore !== null && d.stepDownShareBefore > 0.6);
    expect(overTarget.length).toBeGreaterThan(100);
    expect(overTarget.every((d) => d.underTargetDirectionWaiting === false)).toBe(true);
  });

  it('when demand is light nobody waits and the mix follows demand (the policy steers, it never refuses)', () => {
    const r = simulate({ beds: 10, days: 200, arrivals: { step_down: 0.6, step_up: 0.3 }, backlog: { step_down: 0, step_up: 0 }, seed: 3 });
    expect(r.idleBedHoursWhileWaiting).toBe(0);
    expect(r.decisions.filter((d) => d.reason === 'only_eligible_request').length).toBeGreaterThan(r.admissions * 0.9);
    const shares = r.dailyShare.filter(([day]) => day >= 56).map(([, s]) => s as number);
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    expect(Math.abs(mean - 2 / 3)).toBeLessThan(0.1);
  });
});
