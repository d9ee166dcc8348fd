import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PopulationDenominator, PopulationRow } from './domain/population-rows';

/** What is loaded: one line per year and area type. */
export interface PopulationSummary {
  year: number;
  areaType: string;
  areas: number;
  persons: number;
}

/** population_estimates: mid-year estimates by year, area and age band (reference data). */
@Injectable()
export class PopulationEstimatesRepository {
  /** Adds the bands, replacing any already loaded (one statement per band, in the caller's transaction). */
  async upsert(em: EntityManager, rows: PopulationRow[], by: string): Promise<void> {
    for (const r of rows) {
      await em.query(
        `INSERT INTO population_estimates (year, area_type, area_code, age_from, age_to, persons, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
         ON CONFLICT (year, area_type, area_code, age_from) DO UPDATE SET age_to = EXCLUDED.age_to, persons = EXCLUDED.persons, imported_at = now(), imported_by = EXCLUDED.imported_by`,
        [r.year, r.areaType, r.areaCode, r.ageFrom, r.ageTo, r.persons, by],
      );
    }
  }

  async summary(em: EntityManager): Promise<PopulationSummary[]> {
    const rows: { year: number; area_type: string; areas: number; persons: number }[] = await em.query(
      `SELECT year, area_type, count(DISTINCT area_code)::int AS areas, sum(persons)::int AS persons FROM population_estimates GROUP BY year, area_type ORDER BY year, area_type`,
    );
    return rows.map((r) => ({ year: r.year, areaType: r.area_type, areas: r.areas, persons: r.persons }));
  }

  /**
   * The population aged `ageFrom`+ for a metrics filter ($1 from, $2 to, $3 practice, $4 locality, $5
   * now, as every provider query binds them): the latest loaded mid-year estimate year not after the
   * period's end, summed over the practices in scope (or the locality's own rows when it has no
   * practice rows); null when no estimate covers the scope.
   */
  async estimated(em: EntityManager, p: unknown[], ageFrom: number): Promise<PopulationDenominator | null> {
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
}
