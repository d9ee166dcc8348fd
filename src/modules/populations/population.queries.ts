import type { EntityManager } from 'typeorm';
import type { Measure } from '../metrics/domain/measures';
import { type PopulationDenominator, denominatorNote } from './domain/population-rows';

/**
 * The population aged `ageFrom`+ for a metrics filter ($1 from, $2 to, $3 practice, $4 locality as
 * every provider query binds them): the latest loaded mid-year estimate year not after the
 * period's end, summed over the practices in scope (or the locality's own rows when it has no
 * practice rows); null when no estimate covers the scope (the caller falls back, labelled, to the
 * registered list).
 */
export async function estimatedPopulation(em: EntityManager, p: unknown[], ageFrom: number): Promise<PopulationDenominator | null> {
  const [row]: { year: number | null; persons: number | null }[] = await em.query(
    `WITH scope_practices AS (
       SELECT o.ods_code FROM organisations o
       WHERE o.type = 'gp_practice' AND ($3::text IS NULL OR o.ods_code = $3) AND ($4::text IS NULL OR o.locality = $4)
     ), practice_rows AS (
       SELECT e.year, e.persons, e.age_from FROM population_estimates e JOIN scope_practices s ON s.ods_code = e.area_code
       WHERE e.area_type = 'practice'
     ), locality_rows AS (
       SELECT e.year, e.persons, e.age_from FROM population_estimates e
       WHERE e.area_type = 'locality' AND $3::text IS NULL AND ($4::text IS NULL OR e.area_code = $4)
     ), chosen AS (
       SELECT * FROM practice_rows WHERE EXISTS (SELECT 1 FROM practice_rows)
       UNION ALL SELECT * FROM locality_rows WHERE NOT EXISTS (SELECT 1 FROM practice_rows)
     ), y AS (
       SELECT max(year) AS year FROM chosen WHERE year <= extract(year FROM ($2::timestamptz - interval '1 millisecond') AT TIME ZONE 'Europe/London')
     )
     SELECT y.year, (SELECT sum(c.persons)::int FROM chosen c WHERE c.year = y.year AND c.age_from >= $6) AS persons
     FROM y WHERE $1::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL`,
    [...p, ageFrom],
  );
  if (!row || row.year === null) return null;
  return { persons: row.persons ?? 0, source: 'population_estimate', year: Number(row.year) };
}

/** The denominator for a rate: the estimate when loaded, else the registered list (labelled as such). */
export async function denominatorFor(em: EntityManager, p: unknown[], ageFrom: number, registered: number): Promise<PopulationDenominator> {
  return (await estimatedPopulation(em, p, ageFrom)) ?? { persons: registered, source: 'registered_list', year: null };
}

/** Labels a per-100,000 measure with where its denominator came from (and which year). */
export function withPopulation(m: Measure, d: PopulationDenominator, ageFrom: number): Measure {
  const label = denominatorNote(d, ageFrom);
  return { ...m, population: { source: d.source, year: d.year, ageFrom }, note: m.note ? `${m.note} ${label}` : label };
}
