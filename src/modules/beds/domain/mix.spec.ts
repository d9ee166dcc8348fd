import { controlLimits, judgeMix, nextExcursion, shareOn, systemMix } from './mix';

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

describe('systemMix: across units, weighted by beds', () => {
  const opts = { sigma: 3, minAdmissions: 10 };

  it('for one unit is exactly that unit’s judgement', () => {
    const one = systemMix([{ beds: 12, target: 0.6, share: 0.5, admissions: 40 }], opts);
    const unit = judgeMix(0.6, 20, 20, opts);
    expect(one.stepDownShare).toBeCloseTo(0.5);
    expect(one.lowerLimit).toBeCloseTo(unit.lowerLimit);
    expect(one.upperLimit).toBeCloseTo(unit.upperLimit);
    expect(one.status).toBe(unit.status);
  });

  it('weights units by beds, not a plain average of unit shares, nor pooled admissions', () => {
    // 30 beds at 0.7 and 10 beds at 0.3: by beds 0.6; plain average 0.5; pooled (10/20 + 27/30) would be 0.74
    const m = systemMix(
      [
        { beds: 30, target: 0.6, share: 0.7, admissions: 20 },
        { beds: 10, target: 0.6, share: 0.3, admissions: 30 },
      ],
      opts,
    );
    expect(m.stepDownShare).toBeCloseTo(0.6);
    expect(m.target).toBeCloseTo(0.6);
    // limits from the weighted variance: 3·√(0.75²·0.24/20 + 0.25²·0.24/30)
    const half = 3 * Math.sqrt(0.75 ** 2 * (0.24 / 20) + 0.25 ** 2 * (0.24 / 30));
    expect(m.lowerLimit).toBeCloseTo(0.6 - half);
    expect(m.upperLimit).toBeCloseTo(0.6 + half);
  });

  it('leaves out units with no admissions and weights targets by beds', () => {
    const m = systemMix(
      [
        { beds: 10, target: 0.5, share: 0.5, admissions: 12 },
        { beds: 30, target: 0.7, share: null, admissions: 0 },
      ],
      opts,
    );
    expect(m.stepDownShare).toBeCloseTo(0.5);
    expect(m.target).toBeCloseTo(0.5);
    expect(systemMix([{ beds: 10, target: 0.6, share: null, admissions: 0 }], opts)).toMatchObject({ stepDownShare: null, judged: false, status: 'on_target' });
  });

  it('shareOn: admissions or bed-days', () => {
    const d = { stepDown: { admissions: 6, bedDays: 300 }, stepUp: { admissions: 4, bedDays: 40 } };
    expect(shareOn('admissions', d)).toBeCloseTo(0.6);
    expect(shareOn('bed_days', d)).toBeCloseTo(300 / 340);
    expect(shareOn('admissions', { stepDown: { admissions: 0, bedDays: 0 }, stepUp: { admissions: 0, bedDays: 0 } })).toBeNull();
  });
});
