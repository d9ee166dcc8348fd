import { controlLimits, judgeMix, nextExcursion } from './mix';

describe('mix against its control limits', () => {
  it('uses p-chart limits around the target, clamped to [0, 1]', () => {
    const { lowerLimit, upperLimit } = controlLimits(0.6, 100, 3);
    const half = 3 * Math.sqrt((0.6 * 0.4) / 100);
    expect(lowerLimit).toBeCloseTo(0.6 - half, 12);
    expect(upperLimit).toBeCloseTo(0.6 + half, 12);
    expect(controlLimits(0.6, 2, 3)).toEqual({ lowerLimit: 0, upperLimit: 1 });
    expect(controlLimits(0.6, 0, 3)).toEqual({ lowerLimit: 0, upperLimit: 1 });
  });

  it('judges below, on target and above only with enough admissions', () => {
    const opts = { sigma: 3, minAdmissions: 10 };
    expect(judgeMix(0.6, 20, 80, opts)).toMatchObject({ stepDownShare: 0.2, status: 'below', judged: true });
    expect(judgeMix(0.6, 60, 40, opts)).toMatchObject({ stepDownShare: 0.6, status: 'on_target' });
    expect(judgeMix(0.6, 95, 5, opts)).toMatchObject({ status: 'above' });
    expect(judgeMix(0.6, 0, 5, opts)).toMatchObject({ stepDownShare: 0, status: 'on_target', judged: false });
    expect(judgeMix(0.6, 0, 0, opts)).toMatchObject({ stepDownShare: null, status: 'on_target', judged: false });
  });

  it('raises once per excursion', () => {
    let state = { status: 'on_target' as 'on_target' | 'below' | 'above', excursions: 0 };
    const raised: number[] = [];
    for (const s of ['on_target', 'below', 'below', 'below', 'on_target', 'on_target', 'above', 'below', 'below'] as const) {
      const next = nextExcursion(state.status, s, state.excursions);
      if (next.raise) raised.push(next.excursions);
      state = { status: s, excursions: next.excursions };
    }
    expect(raised).toEqual([1, 2, 3]);
  });
});
