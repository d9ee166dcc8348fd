import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MetricsFilter } from '../metrics/domain/measures';
import { AGE_AT, IN_SCOPE, params } from '../metrics/providers/sql';

/**
 * What the admissions capability reads of residence history and reablement starts, written here by
 * their owner: the care-home admissions measure, and the parts of the day-91 measure's statement
 * (read for every discharge of its cohort; a call per discharge would be N+1).
 */

/** Reablement or rehabilitation was started for the discharge `a`: linked to it, or within 7 days of it. */
export const REABLEMENT_AFTER_DISCHARGE = `EXISTS (
             SELECT 1 FROM reablement_starts rs WHERE rs.patient_id = a.patient_id
               AND (rs.admission_id = a.id OR (rs.admission_id IS NULL AND rs.started_at >= a.discharged_at AND rs.started_at < a.discharged_at + interval '7 days')))`;

/** The patient of `c` (`c.patient_id`) lives in a care home on the day `c.d91_day`. */
export const IN_CARE_HOME_ON_DAY_91 = `EXISTS (SELECT 1 FROM patient_residences r WHERE r.patient_id = c.patient_id AND r.kind = 'care_home'
                        AND r.from_date <= c.d91_day AND (r.to_date IS NULL OR r.to_date > c.d91_day))`;

/** Moves into a care home in the period, by the route that recorded them. */
export interface CareHomeMoves {
  source: string;
  n: number;
}

@Injectable()
export class ResidencesForAdmissionsRepository {
  /**
   * Residential admissions 65+ from every route: any move into a care home from anywhere but another
   * care home (residence history written by hospital discharges, community bed stays and social care).
   */
  careHomeMoves65(em: EntityManager, f: MetricsFilter, now: Date): Promise<CareHomeMoves[]> {
    return em.query(
      `SELECT r.source, count(*)::int AS n
       FROM patient_residences r JOIN patients p ON p.id = r.patient_id
       WHERE r.kind = 'care_home' AND r.from_date >= ($1::timestamptz AT TIME ZONE 'Europe/London')::date
         AND r.from_date < ($2::timestamptz AT TIME ZONE 'Europe/London')::date
         AND ${AGE_AT('r.from_date')} >= 65 AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM patient_residences q WHERE q.patient_id = r.patient_id AND q.kind = 'care_home' AND q.to_date = r.from_date)
       GROUP BY r.source`,
      params(f, now),
    );
  }
}
