import { checkDigit, isInTestRange, parseNhsNumber } from '../common/validation/nhs-number';
import { populationNumbers, syntheticPopulation } from './population';
import { PRACTICES, TEAMS } from './south-kent-coast';

describe('South Kent Coast demo data', () => {
  it('has 31 practices in two localities and the teams the pathway needs', () => {
    expect(PRACTICES).toHaveLength(31);
    expect(new Set(PRACTICES.map((p) => p.locality))).toEqual(new Set(['Dover/Deal', 'Shepway/Folkestone']));
    const types = new Set(TEAMS.map((t) => t.type));
    for (const t of [
      'single_point_of_access',
      'neighbourhood_care_team',
      'rapid_response',
      'intermediate_care',
      'integrated_discharge_team',
      'dementia_crisis',
      'falls_prevention',
      'care_home_support',
      'social_care',
    ]) {
      expect(types).toContain(t);
    }
    // every practice has exactly one neighbourhood care team
    for (const p of PRACTICES) {
      expect(TEAMS.filter((t) => t.type === 'neighbourhood_care_team' && t.alignedPracticeOds.includes(p.odsCode))).toHaveLength(1);
    }
    expect(TEAMS.find((t) => t.code === 'SKC-SPOA')?.operatingHours).toBe('24/7');
    expect(TEAMS.find((t) => t.type === 'dementia_crisis')?.operatingHours).toBe('24/7');
  });

  it('generates a deterministic population with valid test-range NHS numbers and about 21% aged 65+', () => {
    const a = [...syntheticPopulation(2000)];
    const b = [...syntheticPopulation(2000)];
    expect(a).toEqual(b);
    expect(new Set(a.map((p) => p.nhsNumber)).size).toBe(2000);
    for (const p of a) {
      expect(parseNhsNumber(p.nhsNumber ?? '').ok).toBe(true);
      expect(isInTestRange(p.nhsNumber ?? '')).toBe(true);
    }
    const old = a.filter((p) => Number(p.dateOfBirth.slice(0, 4)) <= 1961).length / a.length;
    expect(old).toBeGreaterThan(0.17);
    expect(old).toBeLessThan(0.25);
  });
});

describe('a county-sized population', () => {
  it('uses every valid test-range number once, then makes untraced patients, never an invalid or out-of-range number', () => {
    const numbers = [...populationNumbers()];
    expect(new Set(numbers).size).toBe(numbers.length);
    let valid = 0;
    for (let prefix = 999_000_000; prefix <= 999_999_999; prefix++) {
      const check = checkDigit(String(prefix));
      if (check !== null && parseNhsNumber(`${prefix}${check}`).ok) valid++;
    }
    expect(numbers.length).toBe(valid); // all ~909,000 of them
    expect(numbers.every((n) => isInTestRange(n) && parseNhsNumber(n).ok)).toBe(true);

    let traced = 0;
    let untraced = 0;
    for (const p of syntheticPopulation(numbers.length + 5)) {
      if (p.nhsNumber === null) untraced++;
      else traced++;
    }
    expect(traced).toBe(numbers.length);
    expect(untraced).toBe(5);
  });
});
