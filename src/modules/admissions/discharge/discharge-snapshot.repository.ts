import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BED_STAY_SUBJECTS } from '../../beds/for-admissions.repository';
import type { DelayedDays } from './discharge-measures.repository';

/**
 * Everyone delayed at midnight at the end of day $1 (England), aged 18+ that day, in an acute or
 * community trust's hospital bed (an admission) or in a community step-up / step-down bed (a bed
 * stay; setting community, the unit's organisation as the hospital): delayed by the DTOC
 * definition (ready for transfer before midnight, still in) or past their Discharge Ready Date.
 * Each state is read from the dated, append-only history as it stood then.
 *
 * One row per patient: someone recorded in two beds at the same midnight (a hospital admission and
 * a bed stay overlapping by a late entry, or two admissions) is counted where they are by the
 * hospital's record: an admission before a bed stay, then the latest admitted. The key
 * (day, patient_id) refuses a second row whatever this statement did.
 */
const SNAPSHOT_SQL = `WITH m AS (SELECT (($1::date + 1)::timestamp AT TIME ZONE 'Europe/London') AS at),
in_bed AS (
  SELECT a.id AS admission_id, NULL::uuid AS bed_stay_id, a.patient_id, a.hospital_ods, CASE WHEN o.type = 'acute_trust' THEN 'acute' ELSE 'community' END AS setting,
         0 AS rank, a.admitted_at
  FROM admissions a JOIN organisations o ON o.ods_code = a.hospital_ods, m
  WHERE o.type IN ('acute_trust', 'community_trust') AND a.admitted_at < m.at AND (a.discharged_at IS NULL OR a.discharged_at >= m.at)
  UNION ALL
  SELECT NULL::uuid, bs.id, bs.patient_id, bs.hospital_ods, 'community', 1, bs.admitted_at
  FROM (${BED_STAY_SUBJECTS}) bs, m
  WHERE bs.admitted_at < m.at AND (bs.discharged_at IS NULL OR bs.discharged_at >= m.at)
)
INSERT INTO discharge_delay_snapshots (day, patient_id, admission_id, bed_stay_id, hospital_ods, setting, practice_ods, age, dtoc, nctr, ready_since, discharge_ready_date, delay_code, attribution, pathway)
SELECT $1::date, c.patient_id, c.admission_id, c.bed_stay_id, c.hospital_ods, c.setting, c.gp_practice_ods, c.age,
       rs.ready_since IS NOT NULL, coalesce(drd.ready_date <= $1::date, false), rs.ready_since, drd.ready_date, dl.code, dl.attribution, pw.value
FROM (
  SELECT DISTINCT ON (b.patient_id) b.admission_id, b.bed_stay_id, b.patient_id, b.hospital_ods, b.setting, p.gp_practice_ods,
         date_part('year', age($1::date, p.date_of_birth))::int AS age
  FROM in_bed b JOIN patients p ON p.id = b.patient_id, m
  WHERE (p.deceased_at IS NULL OR p.deceased_at >= m.at) AND date_part('year', age($1::date, p.date_of_birth)) >= 18
  ORDER BY b.patient_id, b.rank, b.admitted_at DESC
) c
CROSS JOIN m
LEFT JOIN LATERAL (
  SELECT CASE WHEN count(*) = 3 AND bool_and(x.value = 'ready') THEN max(x.effective_at) END AS ready_since
  FROM (SELECT DISTINCT ON (e.kind) e.value, e.effective_at FROM discharge_events e
        WHERE (e.admission_id = c.admission_id OR e.bed_stay_id = c.bed_stay_id) AND e.kind IN ('clinically_ready', 'mdt_agreed', 'safe_to_transfer') AND e.effective_at < m.at
        ORDER BY e.kind, e.effective_at DESC, e.recorded_at DESC, e.id DESC) x
) rs ON true
LEFT JOIN LATERAL (SELECT e.ready_date FROM discharge_events e WHERE (e.admission_id = c.admission_id OR e.bed_stay_id = c.bed_stay_id) AND e.kind = 'discharge_ready_date' AND e.effective_at < m.at
                   ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) drd ON true
LEFT JOIN LATERAL (SELECT e.value FROM discharge_events e WHERE (e.admission_id = c.admission_id OR e.bed_stay_id = c.bed_stay_id) AND e.kind = 'pathway' AND e.effective_at < m.at
                   ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) pw ON true
LEFT JOIN LATERAL (SELECT d.code, d.attribution FROM discharge_delays d WHERE (d.admission_id = c.admission_id OR d.bed_stay_id = c.bed_stay_id) AND d.effective_at < m.at
                   ORDER BY d.effective_at DESC, d.recorded_at DESC, d.id DESC LIMIT 1) dl ON true
WHERE rs.ready_since IS NOT NULL OR drd.ready_date <= $1::date`;

/** Delayed patients in one day's snapshot: by the DTOC definition, past their Discharge Ready Date, and all. */
export interface DayCounts {
  dtoc: number;
  nctr: number;
  n: number;
}

/** Delayed days (DTOC and past DRD) in one week from the snapshots, DTOC days by attribution. */
export interface WeekCounts extends Omit<DelayedDays, 'acute' | 'community'> {
  week: string;
}

/** The midnight snapshot's tables: the day ledger (discharge_snapshot_days) and the rows (discharge_delay_snapshots). */
@Injectable()
export class DischargeSnapshotRepository {
  /** The last day snapshotted (YYYY-MM-DD), or null before the first. */
  async lastDay(em: EntityManager): Promise<string | null> {
    const [{ last }]: { last: string | null }[] = await em.query(`SELECT to_char(max(day), 'YYYY-MM-DD') AS last FROM discharge_snapshot_days`);
    return last;
  }

  /** Claims the day (false when it was taken already, here or by another instance: the key waits for the first). */
  async claimDay(em: EntityManager, day: string, now: Date): Promise<boolean> {
    const claimed: unknown[] = await em.query(
      `INSERT INTO discharge_snapshot_days (day, taken_at, dtoc_patients, nctr_patients) VALUES ($1, $2, 0, 0) ON CONFLICT (day) DO NOTHING RETURNING day`,
      [day, now],
    );
    return claimed.length > 0;
  }

  /** Writes the day's rows from the history as it stood at that midnight, and returns its counts. */
  async snapshot(em: EntityManager, day: string): Promise<DayCounts> {
    await em.query(SNAPSHOT_SQL, [day]);
    const [counts]: DayCounts[] = await em.query(
      `SELECT count(*) FILTER (WHERE dtoc)::int AS dtoc, count(*) FILTER (WHERE nctr)::int AS nctr, count(*)::int AS n
       FROM discharge_delay_snapshots WHERE day = $1`,
      [day],
    );
    return counts;
  }

  async recordCounts(em: EntityManager, day: string, counts: DayCounts): Promise<void> {
    await em.query('UPDATE discharge_snapshot_days SET dtoc_patients = $2, nctr_patients = $3 WHERE day = $1', [day, counts.dtoc, counts.nctr]);
  }

  /** The last `weeks` weeks (Monday starts, England) up to yesterday's. */
  weekly(em: EntityManager, weeks: number, now: Date): Promise<WeekCounts[]> {
    return em.query(
      `WITH w AS (SELECT generate_series(date_trunc('week', ($1::timestamptz AT TIME ZONE 'Europe/London')::date - 1) - ($2::int - 1) * interval '1 week',
                                         date_trunc('week', ($1::timestamptz AT TIME ZONE 'Europe/London')::date - 1), interval '1 week')::date AS week)
       SELECT to_char(w.week, 'YYYY-MM-DD') AS week,
              count(s.day) FILTER (WHERE s.dtoc)::int AS dtoc,
              count(s.day) FILTER (WHERE s.nctr)::int AS nctr,
              count(s.day) FILTER (WHERE s.dtoc AND s.attribution = 'nhs')::int AS nhs,
              count(s.day) FILTER (WHERE s.dtoc AND s.attribution = 'social_care')::int AS social_care,
              count(s.day) FILTER (WHERE s.dtoc AND s.attribution = 'both')::int AS both,
              count(s.day) FILTER (WHERE s.dtoc AND s.attribution IS NULL)::int AS unattributed
       FROM w LEFT JOIN discharge_delay_snapshots s ON s.day >= w.week AND s.day < w.week + 7
       GROUP BY w.week ORDER BY w.week`,
      [now, weeks],
    );
  }
}
