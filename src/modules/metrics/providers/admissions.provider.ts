import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../domain/definitions';
import { Day91Status, Measure, MetricsFilter, ratePer100k, shareMeasure, stillAtHome91 } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';
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
       WHERE a.admitted_at >= $1 AND a.admitted_at < $2 AND ${IN_SCOPE}`,
      p,
    );
    const [dis]: { care_home_65: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE a.destination = 'care_home_new' AND ${AGE_AT('a.discharged_at')} >= 65)::int AS care_home_65
       FROM admissions a JOIN patients p ON p.id = a.patient_id
       WHERE a.discharged_at >= $1 AND a.discharged_at < $2 AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL`,
      p,
    );
    const [pop]: { adults: number; over65: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE ${AGE_AT('$2::timestamptz')} >= 18)::int AS adults,
              count(*) FILTER (WHERE ${AGE_AT('$2::timestamptz')} >= 65)::int AS over65
       FROM patients p
       WHERE (p.deceased_at IS NULL OR p.deceased_at >= $2) AND p.created_at < $2 AND ${IN_SCOPE}
         AND $1::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL`,
      p,
    );
    // ASCOF 2B(1): the SQL classifies each discharge as day91Status does, and only counts leave.
    const day91: { status: Day91Status; n: number }[] = await em.query(
      `WITH cohort AS (
         SELECT a.patient_id, a.discharged_at, a.discharged_at + interval '91 days' AS d91, p.deceased_at, p.care_home_resident
         FROM admissions a JOIN patients p ON p.id = a.patient_id
         WHERE a.destination = 'step_down_bed' AND a.discharged_at >= $1 AND a.discharged_at < $2
           AND ${AGE_AT('a.discharged_at')} >= 65 AND ${IN_SCOPE}
       )
       SELECT CASE
           WHEN c.d91 > $5 THEN 'pending'
           WHEN c.deceased_at IS NOT NULL AND c.deceased_at <= c.d91 THEN 'died'
           WHEN EXISTS (SELECT 1 FROM admissions h WHERE h.patient_id = c.patient_id AND h.admitted_at > c.discharged_at
                        AND h.admitted_at <= c.d91 AND (h.discharged_at IS NULL OR h.discharged_at > c.d91)) THEN 'in_hospital'
           WHEN c.care_home_resident OR EXISTS (SELECT 1 FROM admissions h WHERE h.patient_id = c.patient_id AND h.destination = 'care_home_new'
                        AND h.discharged_at > c.discharged_at AND h.discharged_at <= c.d91) THEN 'care_home'
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
    const counts = Object.fromEntries(day91.map((r) => [r.status, r.n])) as Partial<Record<Day91Status, number>>;
    const home = stillAtHome91(counts);
    const at91 = shareMeasure(D.stillAtHome91, f, home.numerator, home.denominator);
    return [
      shareMeasure(D.emergencyAdmissionsKnown, f, adm.known, adm.emergency),
      ratePer100k(D.permanentCareHome65, f, dis.care_home_65, pop.over65),
      home.pending > 0 ? { ...at91, note: `${home.pending < 5 ? '<5' : home.pending} discharges in the period have not reached day 91 yet` } : at91,
      shareMeasure(D.readmissions30, f, adm.readmissions, adm.emergency),
      shareMeasure(D.eddWithin24h, f, adm.edd_24h, adm.old_enough),
      shareMeasure(D.followUpsWithin7Days, f, fu.within, fu.due),
    ];
  }
}
