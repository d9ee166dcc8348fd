/**
 * Rows of a population estimates import, checked one by one: a bad row is reported with its line
 * and never sinks the good ones. Age bands may not straddle 18 or 65 (the measures' boundaries),
 * or the adult and 65+ denominators could not be summed from them.
 */
export const AREA_TYPES = ['practice', 'locality'] as const;
export type AreaType = (typeof AREA_TYPES)[number];

/** Age boundaries the per-100,000 measures need (18+, 65+). */
export const AGE_BOUNDARIES = [18, 65] as const;

export const POPULATION_COLUMNS = ['year', 'area_type', 'area_code', 'age_from', 'age_to', 'persons'] as const;

export interface PopulationRow {
  year: number;
  areaType: AreaType;
  areaCode: string;
  ageFrom: number;
  ageTo: number | null;
  persons: number;
}

export interface RowProblem {
  row: number;
  message: string;
}

const INT = /^\d+$/;

/** One record (column name -> text) at 1-based data row `row`. */
export function parsePopulationRecord(rec: Record<string, string>, row: number): PopulationRow | RowProblem {
  const get = (k: string) => (rec[k] ?? '').trim();
  const bad = (message: string): RowProblem => ({ row, message });
  const year = get('year');
  if (!INT.test(year) || Number(year) < 1990 || Number(year) > 2100) return bad('year must be a year (1990-2100)');
  const areaType = get('area_type');
  if (!(AREA_TYPES as readonly string[]).includes(areaType)) return bad(`area_type must be one of ${AREA_TYPES.join(', ')}`);
  const areaCode = get('area_code');
  if (!areaCode || areaCode.length > 64) return bad('area_code is required (at most 64 characters)');
  const from = get('age_from');
  const to = get('age_to');
  const persons = get('persons');
  if (!INT.test(from) || Number(from) > 130) return bad('age_from must be a whole number of years');
  if (to !== '' && (!INT.test(to) || Number(to) > 130)) return bad('age_to must be a whole number of years, or empty for "and over"');
  if (!INT.test(persons) || Number(persons) > 10_000_000) return bad('persons must be a whole number');
  const ageFrom = Number(from);
  const ageTo = to === '' ? null : Number(to);
  if (ageTo !== null && ageTo < ageFrom) return bad('age_to is before age_from');
  for (const b of AGE_BOUNDARIES) {
    if (ageFrom < b && (ageTo === null || ageTo >= b)) return bad(`the band ${ageFrom}-${ageTo ?? ''} straddles age ${b}: split it at ${b}`);
  }
  return { year: Number(year), areaType: areaType as AreaType, areaCode, ageFrom, ageTo, persons: Number(persons) };
}

export function isProblem(r: PopulationRow | RowProblem): r is RowProblem {
  return 'message' in r;
}

/** A second row for the same band in one file is an error (which one would win?). */
export function bandKey(r: PopulationRow): string {
  return `${r.year}|${r.areaType}|${r.areaCode}|${r.ageFrom}`;
}

export interface PopulationDenominator {
  persons: number;
  /** Where the figure came from: an estimate year, or the registered list (fallback). */
  source: 'population_estimate' | 'registered_list';
  year: number | null;
}

/** The label every per-100,000 rate carries about its denominator. */
export function denominatorNote(d: PopulationDenominator, ageFrom: number): string {
  return d.source === 'population_estimate'
    ? `Denominator: mid-year population estimate ${d.year}, aged ${ageFrom}+.`
    : `Denominator: registered list held by this service (no population estimate loaded for the period), aged ${ageFrom}+.`;
}
