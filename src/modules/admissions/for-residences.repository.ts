import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A period someone lived somewhere: from `from` to `to` (dates in England, `to` exclusive, null = still there). */
export interface LivingPeriod {
  patientId: string;
  from: string;
  to: string | null;
}

/**
 * The reads of admissions that residences (and beds) need: whose admission an id is (a reablement
 * start or a bed request linking to it), and how many admissions happened while people lived in a
 * care home. Provided by AdmissionsForResidencesModule, which imports nothing (residences is itself
 * imported by admissions, so it cannot import AdmissionsModule).
 */
@Injectable()
export class AdmissionsForResidencesRepository {
  /** The patient the admission belongs to, or null when there is no such admission. */
  async patientOf(em: EntityManager, admissionId: string): Promise<string | null> {
    const [row]: { patient_id: string }[] = await em.query('SELECT patient_id FROM admissions WHERE id = $1', [admissionId]);
    return row?.patient_id ?? null;
  }

  /**
   * Admissions in the 365 days up to `now` of people living, on the day they were admitted (in
   * England), in one of these periods.
   */
  async admittedDuring(em: EntityManager, periods: LivingPeriod[], now: Date): Promise<number> {
    const [row]: { admissions: number }[] = await em.query(
      `SELECT count(*)::int AS admissions
       FROM admissions a JOIN unnest($1::uuid[], $2::date[], $3::date[]) AS r(patient_id, from_date, to_date) ON r.patient_id = a.patient_id
         AND r.from_date <= (a.admitted_at AT TIME ZONE 'Europe/London')::date
         AND (r.to_date IS NULL OR r.to_date > (a.admitted_at AT TIME ZONE 'Europe/London')::date)
       WHERE a.admitted_at > $4::timestamptz - interval '365 days' AND a.admitted_at <= $4`,
      [periods.map((p) => p.patientId), periods.map((p) => p.from), periods.map((p) => p.to), now],
    );
    return row.admissions;
  }
}
