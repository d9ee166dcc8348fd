import { bandKey, denominatorNote, isProblem, parsePopulationRecord } from './population-rows';

const rec = (o: Record<string, string> = {}) => ({ year: '2026', area_type: 'practice', area_code: 'Z99001', age_from: '18', age_to: '64', persons: '4200', ...o });

describe('population estimate rows', () => {
  it('parses a band, "and over" as an empty age_to', () => {
    expect(parsePopulationRecord(rec(), 1)).toEqual({ year: 2026, areaType: 'practice', areaCode: 'Z99001', ageFrom: 18, ageTo: 64, persons: 4200 });
    expect(parsePopulationRecord(rec({ age_from: '65', age_to: '' }), 2)).toMatchObject({ ageFrom: 65, ageTo: null });
  });

  it('reports each bad row with its line and reason', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ year: '26' }, /year/],
      [{ area_type: 'ccg' }, /area_type/],
      [{ area_code: '' }, /area_code/],
      [{ age_from: '-1' }, /age_from/],
      [{ age_to: 'x' }, /age_to/],
      [{ persons: '12.5' }, /persons/],
      [{ age_from: '70', age_to: '65' }, /before/],
      [{ age_from: '15', age_to: '19' }, /straddles age 18/],
      [{ age_from: '60', age_to: '' }, /straddles age 65/],
    ];
    for (const [o, re] of cases) {
      const r = parsePopulationRecord(rec(o), 7);
      expect(isProblem(r) && r.row === 7 && re.test(r.message)).toBe(true);
    }
  });

  it('keys bands and labels denominators with their source and year', () => {
    const r = parsePopulationRecord(rec(), 1);
    if (isProblem(r)) throw new Error('unexpected');
    expect(bandKey(r)).toBe('2026|practice|Z99001|18');
    expect(denominatorNote({ persons: 1, source: 'population_estimate', year: 2025 }, 65)).toContain('estimate 2025');
    expect(denominatorNote({ persons: 1, source: 'registered_list', year: null }, 18)).toContain('registered list');
  });
});
