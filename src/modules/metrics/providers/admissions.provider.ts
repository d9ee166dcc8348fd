import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../domain/definitions';
import { Day91Status, Measure, MetricsFilter, ratePer100k, shareMeasure, stillAtHome91 } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';
import { suppressCount } from '../../../common/disclosure/small-numbers';
import { denominatorFor, withPopulation } from '../../populations/population.queries';
import { AGE_AT, IN_SCOPE, params } from './sql';

/**
 * Admissions and discharge: the Better Care Fund measures (emergency admissions of known patients,
 * permanent care-home admissions 65+, still at home at 91 days) and the local ones
 * (30-day readmissions, EDD within 24 h, follow-ups within 7 days).
 */
@Injectable()
export class AdmissionMeasures implements MeasureProvider {
  readonly capability = 'admissions';

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const p = params(f, now);
    const [adm]: { emergency: number; known: number; readmissions: number; old_enough: number; edd_24h: number }[] = await em.query(
      `WITH edd AS (
         -- When each admission's estimated discharge date was first recorded (the audit trail), aggregated once.
         SELECT ae.resource_id, min(ae.at) AS first_at FROM audit_events ae
         WHERE ae.at >= $1 AND ae.at < $2::timestamptz + interval '24 hours'
           AND ae.action = 'admission.estimated_discharge' AND ae.outcome = 'allowed' AND ae.resource_type = 'admission'
         GROUP BY ae.resource_id)
       SELECT count(*) FILTER (WHERE a.method = 'emergency')::int AS emergency,
              count(*) FILTER (WHERE a.method = 'emergency' AND jsonb_array_length(a.known_to) > 0)::int AS known,
              count(*) FILTER (WHERE a.method = 'emergency' AND a.readmission)::int AS readmissions,
              count(*) FILTER (WHERE a.admitted_at <= $5::timestamptz - interval '24 hours')::int AS old_enough,
              count(*) FILTER (WHERE a.admitted_at <= $5::timestamptz - interval '24 hours' AND edd.first_at <= a.admitted_at + interval '24 hours')::int AS edd_24h
       FROM admissions a JOIN patients p ON p.id = a.patient_id LEFT JOIN edd ON edd.resource_id = a.id::text
       WHERE a.admitted_at >= $1 AND a.admitted_at < $2 AND a.status <> 'cancelled' AND ${IN_SCOPE}`,
      p,
    );
    // Residential admissions 65+ from every route: any move into a care home from anywhere but another
    // care home (residence history written by hospital discharges, community bed stays and social care).
    const routes: { source: string; n: number }[] = await em.query(
      `SELECT r.source, count(*)::int AS n
       FROM patient_residences r JOIN patients p ON p.id = r.patient_id
       WHERE r.kind = 'care_home' AND r.from_date >= ($1::timestamptz AT TIME ZONE 'Europe/London')::date
         AND r.from_date < ($2::timestamptz AT TIME ZONE 'Europe/London')::date
         AND ${AGE_AT('r.from_date')} >= 65 AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM patient_residences q WHERE q.patient_id = r.patient_id AND q.kind = 'care_home' AND q.to_date = r.from_date)
       GROUP BY r.source`,
      p,
    );
    const careHome65 = routes.reduce((n, r) => n + r.n, 0);
    const [pop]: { adults: number; over65: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE ${AGE_AT('$2::timestamptz')} >= 18)::int AS adults,
              count(*) FILTER (WHERE ${AGE_AT('$2::timestamptz')} >= 65)::int AS over65
       FROM patients p
       WHERE (p.deceased_at IS NULL OR p.deceased_at >= $2) AND p.created_at < $2 AND ${IN_SCOPE}
         AND $1::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL`,
      p,
    );
    // ASCOF 2B(1): the SQL classifies each discharge as day91Status does, and only counts leave.
    // Cohort: 65+ discharged into a step-down bed, or with reablement/rehabilitation started for that
    // discharge (linked, or within 7 days of it). Day 91 is judged from dated events only.
    const day91: { status: Day91Status; n: number }[] = await em.query(
      `WITH cohort AS (
         SELECT a.patient_id, a.discharged_at, a.discharged_at + interval '91 days' AS d91,
                (a.discharged_at AT TIME ZONE 'Europe/London')::date + 91 AS d91_day, p.deceased_at
         FROM admissions a JOIN patients p ON p.id = a.patient_id
         WHERE a.discharged_at >= $1 AND a.discharged_at < $2 AND ${AGE_AT('a.discharged_at')} >= 65 AND ${IN_SCOPE}
           AND (a.destination = 'step_down_bed' OR EXISTS (
             SELECT 1 FROM reablement_starts rs WHERE rs.patient_id = a.patient_id
               AND (rs.admission_id = a.id OR (rs.admission_id IS NULL AND rs.started_at >= a.discharged_at AND rs.started_at < a.discharged_at + interval '7 days'))))
       )
       SELECT CASE
           WHEN c.d91 > $5 THEN 'pending'
           WHEN c.deceased_at IS NOT NULL AND c.deceased_at <= c.d91 THEN 'died'
           WHEN EXISTS (SELECT 1 FROM admissions h WHERE h.patient_id = c.patient_id AND h.admitted_at > c.discharged_at
                        AND h.admitted_at <= c.d91 AND (h.discharged_at IS NULL OR h.discharged_at > c.d91))
             OR EXISTS (SELECT 1 FROM bed_stays bs WHERE bs.patient_id = c.patient_id AND bs.admitted_at <= c.d91
                        AND (bs.discharged_at IS NULL OR bs.discharged_at > c.d91)) THEN 'in_hospital'
           WHEN EXISTS (SELECT 1 FROM patient_residences r WHERE r.patient_id = c.patient_id AND r.kind = 'care_home'
                        AND r.from_date <= c.d91_day AND (r.to_date IS NULL OR r.to_date > c.d91_day)) THEN 'care_home'
           ELSE 'at_home' END AS status,
         count(*)::int AS n
       FROM cohort c GROUP BY 1`,
      p,
    );
    const [fu]: { within: number; due: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE t.completed_at IS NOT NULL AND t.completed_at <= t.created_at + interval '7 days')::int AS within,
              count(*) FILTER (WHERE t.completed_at IS NOT NULL OR t.created_at <= $5::timestamptz - interval '7 days')::int AS due
       FROM tasks t JOIN patients p ON p.id = t.patient_id
       WHERE t.type = 'post_discharge_follow_up' AND t.created_at >= $1 AND t.created_at < $2 AND ${IN_SCOPE}`,
      p,
    );
    const over65 = await denominatorFor(em, p, 65, pop.over65);
    const counts = Object.fromEntries(day91.map((r) => [r.status, r.n])) as Partial<Record<Day91Status, number>>;
    const home = stillAtHome91(counts);
    const at91 = shareMeasure(D.stillAtHome91, f, home.numerator, home.denominator);
    return [
      shareMeasure(D.emergencyAdmissionsKnown, f, adm.known, adm.emergency),
      {
        ...withPopulation(ratePer100k(D.permanentCareHome65, f, careHome65, over65.persons), over65, 65),
        breakdown: ['bed_stay_discharge', 'hospital_discharge', 'update'].map((key) => ({ key, count: suppressCount(routes.find((r) => r.source === key)?.n ?? 0) })),
      },
      home.pending > 0 ? { ...at91, note: `${home.pending < 5 ? '<5' : home.pending} discharges in the period have not reached day 91 yet` } : at91,
      shareMeasure(D.readmissions30, f, adm.readmissions, adm.emergency),
      shareMeasure(D.eddWithin24h, f, adm.edd_24h, adm.old_enough),
      shareMeasure(D.followUpsWithin7Days, f, fu.within, fu.due),
    ];
  }
}
