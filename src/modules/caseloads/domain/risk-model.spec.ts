import { BUILT_IN_MODEL, frailtyFromEfi, scoreFactors } from './risk-model';

describe('built-in risk model', () => {
  it('scores a low-risk younger adult at zero with every factor listed', () => {
    const r = scoreFactors({ age: 40 });
    expect(r.score).toBe(0);
    expect(r.factors.map((f) => f.name)).toEqual([
      'age',
      'emergencyAdmissions12m',
      'aeAttendances6m',
      'multimorbidity',
      'frailty',
      'polypharmacy',
      'careHomeResident',
      'livesAlone',
      'recentDischarge',
    ]);
  });

  it('sums the points of each factor and explains them', () => {
    const r = scoreFactors({
      age: 86,
      emergencyAdmissions12m: 5,
      aeAttendances6m: 2,
      longTermConditions: ['heart_failure', 'copd', 'diabetes', 'copd'],
      frailty: 'severe',
      polypharmacy: true,
      careHomeResident: false,
      livesAlone: true,
      recentDischarge: true,
    });
    const points = Object.fromEntries(r.factors.map((f) => [f.name, f.points]));
    expect(points).toEqual({
      age: 4,
      emergencyAdmissions12m: 6,
      aeAttendances6m: 2,
      'longTermCondition:copd': 2,
      'longTermCondition:diabetes': 1,
      'longTermCondition:heart_failure': 2,
      multimorbidity: 2,
      frailty: 5,
      polypharmacy: 2,
      careHomeResident: 0,
      livesAlone: 1,
      recentDischarge: 3,
    });
    expect(r.score).toBe(30);
    expect(r.score).toBe(r.factors.reduce((s, f) => s + f.points, 0));
    expect(BUILT_IN_MODEL.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('maps eFI values to categories at 0.12, 0.24 and 0.36', () => {
    expect([0.1, 0.12, 0.13, 0.24, 0.3, 0.36, 0.37].map(frailtyFromEfi)).toEqual(['fit', 'fit', 'mild', 'mild', 'moderate', 'moderate', 'severe']);
  });
});
