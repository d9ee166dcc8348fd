import { DisclosedCount, discloseGroup } from '../../../common/disclosure/secondary-suppression';
import { SuppressedCount, suppressCount, suppressedShare } from '../../../common/disclosure/small-numbers';
import { csvCell } from '../../../common/csv-cell';

/** The reporting filter every measure provider receives. */
export interface MetricsFilter {
  from: Date;
  to: Date;
  practice?: string;
  locality?: string;
}

export type MeasureGroup = 'better_care_fund' | 'local';
export type MeasureUnit = 'count' | 'share' | 'per_100000' | 'hours' | 'days' | 'mean_days';

/** What a measure is: the same whatever the period. */
export interface MeasureDefinition {
  id: string;
  group: MeasureGroup;
  title: string;
  definition: string;
  numerator: string;
  denominator: string | null;
  unit: MeasureUnit;
}

/** A published figure: small numbers suppressed, no patient identifiers. */
export interface Measure {
  id: string;
  group: MeasureGroup;
  title: string;
  definition: string;
  numeratorDefinition: string;
  denominatorDefinition: string | null;
  unit: MeasureUnit;
  period: { from: string; to: string };
  available: boolean;
  numerator: DisclosedCount | null;
  denominator: SuppressedCount | null;
  value: number | null;
  /** Breakdown rows (e.g. by source and urgency): "<5" for 1-4, "*" hidden so no "<5" can be worked out from the total. */
  breakdown?: { key: string; count: DisclosedCount }[];
  target?: number;
  note?: string;
  /** Per-100,000 rates: where the population came from (a mid-year estimate and its year, or the registered list). */
  population?: { source: 'population_estimate' | 'registered_list'; year: number | null; ageFrom: number };
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const isSuppressed = (n: number) => suppressCount(n) === '<5';

function base(def: MeasureDefinition, filter: MetricsFilter): Omit<Measure, 'numerator' | 'denominator' | 'value' | 'available'> {
  return {
    id: def.id,
    group: def.group,
    title: def.title,
    definition: def.definition,
    numeratorDefinition: def.numerator,
    denominatorDefinition: def.denominator,
    unit: def.unit,
    period: { from: filter.from.toISOString(), to: filter.to.toISOString() },
  };
}

/** A plain count (the value is the count, withheld when suppressed). */
export function countMeasure(def: MeasureDefinition, filter: MetricsFilter, n: number): Measure {
  const c = suppressCount(n);
  return { ...base(def, filter), available: true, numerator: c, denominator: null, value: c === '<5' ? null : n };
}

/** numerator / denominator as a share (0-1), withheld when either count is 1-4 or the denominator is 0. */
export function shareMeasure(def: MeasureDefinition, filter: MetricsFilter, numerator: number, denominator: number, target?: number): Measure {
  return {
    ...base(def, filter),
    available: true,
    numerator: suppressCount(numerator),
    denominator: suppressCount(denominator),
    value: suppressedShare(numerator, denominator),
    ...(target === undefined ? {} : { target }),
  };
}

/** A count per 100,000 of a population, to one decimal place; withheld when the count is 1-4 or there is no population. */
export function ratePer100k(def: MeasureDefinition, filter: MetricsFilter, count: number, population: number): Measure {
  const value = population <= 0 || isSuppressed(count) || isSuppressed(population) ? null : round((count / population) * 100_000, 1);
  return { ...base(def, filter), available: true, numerator: suppressCount(count), denominator: suppressCount(population), value };
}

/** A mean (total / n), withheld when n is 1-4 (a mean of few identifies them) or 0. */
export function meanMeasure(def: MeasureDefinition, filter: MetricsFilter, total: number, n: number, places = 1): Measure {
  const value = n === 0 || isSuppressed(n) ? null : round(total / n, places);
  return { ...base(def, filter), available: true, numerator: null, denominator: suppressCount(n), value };
}

/** A total that is not a count of people (e.g. hours, days): shown as is, rounded. */
export function totalMeasure(def: MeasureDefinition, filter: MetricsFilter, total: number, places = 1): Measure {
  return { ...base(def, filter), available: true, numerator: null, denominator: null, value: round(total, places) };
}

/**
 * A share of two totals that are not counts of people (e.g. bed-days): numerator and denominator
 * shown unsuppressed to `places` decimals, and the value computed from exactly those shown figures,
 * so a reader can always check value = numerator / denominator (null when the denominator shows 0).
 */
export function ratioOfTotals(def: MeasureDefinition, filter: MetricsFilter, numerator: number, denominator: number, places = 2): Measure {
  const n = round(numerator, places);
  const d = round(denominator, places);
  return { ...base(def, filter), available: true, numerator: n, denominator: d, value: d > 0 ? round(n / d, 4) : null };
}

/**
 * Counts by key with their total (e.g. referrals by source and urgency): small counts hidden, and
 * secondary suppression so a hidden count cannot be worked out from the total (common/disclosure).
 */
export function breakdownMeasure(def: MeasureDefinition, filter: MetricsFilter, rows: { key: string; count: number }[]): Measure {
  const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
  const { cells, total } = discloseGroup(sorted.map((r) => r.count));
  return {
    ...base(def, filter),
    available: true,
    numerator: total,
    denominator: null,
    value: typeof total === 'number' ? total : null,
    breakdown: sorted.map((r, i) => ({ key: r.key, count: cells[i] })),
  };
}

/** A measure this service cannot compute yet (its capability is not built): listed, never faked. */
export function unavailableMeasure(def: MeasureDefinition, filter: MetricsFilter, note: string): Measure {
  return { ...base(def, filter), available: false, numerator: null, denominator: null, value: null, note };
}

// ---------------------------------------------------------------------------------------------
// ASCOF 2B(1): people 65+ still at home 91 days after discharge into reablement/rehabilitation.

export type Day91Status = 'at_home' | 'died' | 'in_hospital' | 'care_home' | 'pending';

export interface Day91Facts {
  dischargedAt: Date;
  deceasedAt: Date | null;
  /** Whether an admission was open at day 91 (admitted on or before it, not discharged by it). */
  inHospitalAtDay91: boolean;
  /** Whether the person was living in (or newly discharged to) a care home by day 91. */
  inCareHomeAtDay91: boolean;
}

export const DAY_MS = 86_400_000;

/** Day 91 is 91 days after the discharge. */
export function day91(dischargedAt: Date): Date {
  return new Date(dischargedAt.getTime() + 91 * DAY_MS);
}

/**
 * Where the person was at day 91. Death comes first (on or before day 91), then hospital, then
 * care home; anyone else is at home. Before day 91 has come the outcome is `pending` and the
 * person is in neither numerator nor denominator yet.
 */
export function day91Status(f: Day91Facts, now: Date): Day91Status {
  const d91 = day91(f.dischargedAt);
  if (d91.getTime() > now.getTime()) return 'pending';
  if (f.deceasedAt && f.deceasedAt.getTime() <= d91.getTime()) return 'died';
  if (f.inHospitalAtDay91) return 'in_hospital';
  if (f.inCareHomeAtDay91) return 'care_home';
  return 'at_home';
}

/**
 * Numerator: at home at day 91. Denominator: everyone whose day 91 has come, including those who
 * died, were in hospital or in a care home at day 91 (they count against the measure).
 */
export function stillAtHome91(counts: Partial<Record<Day91Status, number>>): { numerator: number; denominator: number; pending: number } {
  const n = (s: Day91Status) => counts[s] ?? 0;
  return { numerator: n('at_home'), denominator: n('at_home') + n('died') + n('in_hospital') + n('care_home'), pending: n('pending') };
}

// ---------------------------------------------------------------------------------------------

/** Whole days between two instants, rounded down; for "within N days" rules. */
export function withinDays(start: Date, end: Date | null, days: number): boolean {
  return end !== null && end.getTime() >= start.getTime() && end.getTime() - start.getTime() <= days * DAY_MS;
}

/** Age in whole years on a date (dates of birth as YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

const CSV_COLUMNS = [
  'id',
  'group',
  'title',
  'period_from',
  'period_to',
  'available',
  'numerator',
  'denominator',
  'value',
  'unit',
  'target',
  'breakdown',
  'definition',
  'numerator_definition',
  'denominator_definition',
] as const;


/** The measures as CSV (RFC 4180, CRLF line ends), one row per measure, breakdowns as key=count;... */
export function measuresToCsv(measures: Measure[]): string {
  const rows = measures.map((m) =>
    [
      m.id,
      m.group,
      m.title,
      m.period.from,
      m.period.to,
      m.available,
      m.numerator,
      m.denominator,
      m.value,
      m.unit,
      m.target,
      m.breakdown?.map((b) => `${b.key}=${b.count}`).join(';'),
      m.definition,
      m.numeratorDefinition,
      m.denominatorDefinition,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
