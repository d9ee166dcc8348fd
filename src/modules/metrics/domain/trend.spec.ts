import { stepDownTrend } from './trend';

describe('stepDownTrend', () => {
  it('gives each week its share and p-chart limits, withholding small weeks', () => {
    const [a, b, c] = stepDownTrend(
      [
        { weekStart: new Date('2026-06-01T00:00:00Z'), stepDown: 6, stepUp: 4 },
        { weekStart: new Date('2026-06-08T00:00:00Z'), stepDown: 2, stepUp: 1 },
        { weekStart: new Date('2026-06-15T00:00:00Z'), stepDown: 0, stepUp: 0 },
      ],
      0.6,
      { sigma: 3, minAdmissions: 10 },
    );
    // 0.6 ± 3·√(0.24/10) = 0.6 ± 0.4648
    expect(a).toEqual({ weekStart: '2026-06-01', admissions: 10, stepDownShare: 0.6, lowerLimit: 0.1352, upperLimit: 1 });
    expect(b).toMatchObject({ admissions: '<5', stepDownShare: null });
    expect(c).toMatchObject({ admissions: 0, stepDownShare: null, lowerLimit: 0, upperLimit: 1 });
  });
});
