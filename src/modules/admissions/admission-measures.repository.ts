import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EDD_FIRST_SET } from '../../common/audit/for-admissions.repository';
import { IN_BED_AT_DAY_91 } from '../beds/for-admissions.repository';
import type { Day91Status, MetricsFilter } from '../metrics/domain/measures';
import { AGE_AT, BORN_BY, IN_SCOPE, JOIN_PATIENT_IF_SCOPED, PATIENT_IN_SCOPE, params } from '../metrics/providers/sql';
import { IN_CARE_HOME_ON_DAY_91, REABLEMENT_AFTER_DISCHARGE } from '../residences/for-admissions.repository';

/** Admissions in the period: emergency ones, of patients known to a team, readmissions, and the EDD-within-24-hours counts. */
export interface AdmissionCounts {
  emergency: number;
  known: number;
  readmissions: number;
  /** Admitted at least 24 hours before now (the EDD measure's denominator). */
  old_enough: number;
  edd_24h: number;
}

/** The registered population in scope at the end of the period. */
export interface RegisteredPopulation {
  adults: number;
  over65: number;
}

/**
 * The aggregate SQL of the admissions and discharge measures (counts only). Every statement takes
 * the metrics parameters: $1 from, $2 to, $3 practice, $4 locality, $5 now.
 */
@Injectable()
export class AdmissionMeasuresRepository {
  /** The registered population per report (its snapshot's EntityManager) and parameters: see registered(). */
  private readonly registeredIn = new WeakMap<EntityManager, Map<string, Promise<RegisteredPopulation>>>();

  async admissions(em: EntityManager, f: MetricsFilter, now: Date): Promise<AdmissionCounts> {
    const [counts]: AdmissionCounts[] = await em.query(
      `WITH edd_window AS (SELECT $1::timestamptz AS lo, $2::timestamptz + interval '24 hours' AS hi),
         ${EDD_FIRST_SET}
       SELECT count(*) FILTER (WHERE a.method = 'emergency')::int AS emergency,
              count(*) FILTER (WHERE a.method = 'emergency' AND jsonb_array_length(a.known_to) > 0)::int AS known,
              count(*) FILTER (WHERE a.method = 'emergency' AND a.readmission)::int AS readmissions,
              count(*) FILTER (WHERE a.admitted_at <= $5::timestamptz - interval '24 hours')::int AS old_enough,
              count(*) FILTER (WHERE a.admitted_at <= $5::timestamptz - interval '24 hours' AND edd.first_at <= a.admitted_at + interval '24 hours')::int AS edd_24h
       FROM admissions a ${JOIN_PATIENT_IF_SCOPED('a.patient_id')} LEFT JOIN edd ON edd.resource_id = a.id::text
       WHERE a.admitted_at >= $1 AND a.admitted_at < $2 AND a.status <> 'cancelled' AND ${PATIENT_IN_SCOPE('a.patient_id')}`,
      params(f, now),
    );
    return counts;
  }

  /**
   * Adults and people 65+ registered (alive, on file) at the end of the period. It reads every patient
   * in scope (about 260 ms for 1.5 million), and the admissions and discharge measures both divide by
   * it, so a report counts it once: the same snapshot gives the same answer.
   */
  registered(em: EntityManager, f: MetricsFilter, now: Date): Promise<RegisteredPopulation> {
    const p = params(f, now);
    const key = JSON.stringify(p);
    const counted = this.registeredIn.get(em) ?? new Map<string, Promise<RegisteredPopulation>>();
    this.registeredIn.set(em, counted);
    let pop = counted.get(key);
    if (!pop) {
      pop = em
        .query(
          `WITH born AS MATERIALIZED (SELECT ${BORN_BY('$2::timestamptz', '18')} AS adult, ${BORN_BY('$2::timestamptz', '65')} AS over65)
           SELECT count(*) FILTER (WHERE p.date_of_birth <= born.adult)::int AS adults,
                  count(*) FILTER (WHERE p.date_of_birth <= born.over65)::int AS over65
           FROM patients p CROSS JOIN born
           WHERE (p.deceased_at IS NULL OR p.deceased_at >= $2) AND p.created_at < $2 AND ${IN_SCOPE}
             AND $1::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL`,
          p,
        )
        .then((rows: RegisteredPopulation[]) => rows[0]);
      counted.set(key, pop);
    }
    return pop;
  }

  /**
   * ASCOF 2B(1): the SQL classifies each discharge as day91Status does, and only counts leave.
   * Cohort: 65+ discharged into a step-down bed, or with reablement/rehabilitation started for that
   * discharge (linked, or within 7 days of it). Day 91 is judged from dated events only.
   */
  day91(em: EntityManager, f: MetricsFilter, now: Date): Promise<{ status: Day91Status; n: number }[]> {
    return em.query(
      `WITH cohort AS (
         SELECT a.patient_id, a.discharged_at, a.discharged_at + interval '91 days' AS d91,
                (a.discharged_at AT TIME ZONE 'Europe/London')::date + 91 AS d91_day, p.deceased_at
         FROM admissions a JOIN patients p ON p.id = a.patient_id
         WHERE a.discharged_at >= $1 AND a.discharged_at < $2 AND ${AGE_AT('a.discharged_at')} >= 65 AND ${IN_SCOPE}
           AND (a.destination = 'step_down_bed' OR ${REABLEMENT_AFTER_DISCHARGE})
       )
       SELECT CASE
           WHEN c.d91 > $5 THEN 'pending'
           WHEN c.deceased_at IS NOT NULL AND c.deceased_at <= c.d91 THEN 'died'
           WHEN EXISTS (SELECT 1 FROM admissions h WHERE h.patient_id = c.patient_id AND h.admitted_at > c.discharged_at
                        AND h.admitted_at <= c.d91 AND (h.discharged_at IS NULL OR h.discharged_at > c.d91))
             OR ${IN_BED_AT_DAY_91} THEN 'in_hospital'
           WHEN ${IN_CARE_HOME_ON_DAY_91} THEN 'care_home'
           ELSE 'at_home' END AS status,
         count(*)::int AS n
       FROM cohort c GROUP BY 1`,
      params(f, now),
    );
  }
}
