import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PeriodicJob } from '../../../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { Clock } from '../../../common/clock';
import { snapshotDaysDue } from './domain/discharge-rules';

/**
 * Everyone delayed at midnight at the end of day $1 (England), aged 18+ that day, in an acute or
 * community hospital (community trusts' beds include step-down stays recorded as admissions):
 * delayed by the DTOC definition (ready for transfer before midnight, still in) or past their
 * Discharge Ready Date. Each state is read from the dated, append-only history as it stood then.
 */
const SNAPSHOT_SQL = `WITH m AS (SELECT (($1::date + 1)::timestamp AT TIME ZONE 'Europe/London') AS at)
INSERT INTO discharge_delay_snapshots (day, admission_id, hospital_ods, setting, practice_ods, age, dtoc, nctr, ready_since, discharge_ready_date, delay_code, attribution, pathway)
SELECT $1::date, c.id, c.hospital_ods, c.setting, c.gp_practice_ods, c.age,
       rs.ready_since IS NOT NULL, coalesce(drd.ready_date <= $1::date, false), rs.ready_since, drd.ready_date, dl.code, dl.attribution, pw.value
FROM (
  SELECT a.id, a.hospital_ods, CASE WHEN o.type = 'acute_trust' THEN 'acute' ELSE 'community' END AS setting, p.gp_practice_ods,
         date_part('year', age($1::date, p.date_of_birth))::int AS age
  FROM admissions a JOIN patients p ON p.id = a.patient_id JOIN organisations o ON o.ods_code = a.hospital_ods, m
  WHERE o.type IN ('acute_trust', 'community_trust') AND a.admitted_at < m.at AND (a.discharged_at IS NULL OR a.discharged_at >= m.at)
    AND (p.deceased_at IS NULL OR p.deceased_at >= m.at) AND date_part('year', age($1::date, p.date_of_birth)) >= 18
) c
CROSS JOIN m
LEFT JOIN LATERAL (
  SELECT CASE WHEN count(*) = 3 AND bool_and(x.value = 'ready') THEN max(x.effective_at) END AS ready_since
  FROM (SELECT DISTINCT ON (e.kind) e.value, e.effective_at FROM discharge_events e
        WHERE e.admission_id = c.id AND e.kind IN ('clinically_ready', 'mdt_agreed', 'safe_to_transfer') AND e.effective_at < m.at
        ORDER BY e.kind, e.effective_at DESC, e.recorded_at DESC, e.id DESC) x
) rs ON true
LEFT JOIN LATERAL (SELECT e.ready_date FROM discharge_events e WHERE e.admission_id = c.id AND e.kind = 'discharge_ready_date' AND e.effective_at < m.at
                   ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) drd ON true
LEFT JOIN LATERAL (SELECT e.value FROM discharge_events e WHERE e.admission_id = c.id AND e.kind = 'pathway' AND e.effective_at < m.at
                   ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) pw ON true
LEFT JOIN LATERAL (SELECT d.code, d.attribution FROM discharge_delays d WHERE d.admission_id = c.id AND d.effective_at < m.at
                   ORDER BY d.effective_at DESC, d.recorded_at DESC, d.id DESC LIMIT 1) dl ON true
WHERE rs.ready_since IS NOT NULL OR drd.ready_date <= $1::date`;

export interface SnapshotResult {
  /** Days this call snapshotted (others were already taken, here or by another instance). */
  days: number;
  /** Delayed patients recorded across those days. */
  delayed: number;
}

/**
 * The midnight delayed-patient snapshot, as the national daily returns count: one row per
 * delayed adult per day, so delayed days in any period are the sum of the daily counts.
 * Exactly once per day across instances: the day's row in discharge_snapshot_days is claimed
 * with INSERT ... ON CONFLICT DO NOTHING in the same transaction as the day's rows (a second
 * instance waits on the key, then finds it taken). After downtime every missed day is taken,
 * each from the history as it stood at that midnight.
 */
@Injectable()
export class DischargeSnapshotService extends PeriodicJob {
  protected readonly jobName = 'discharge_midnight_snapshot';

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.discharge.snapshotIntervalSeconds * 1000;
  }

  protected runOnce() {
    return this.catchUp();
  }

  /** Take every snapshot due at `now` (default the clock): each missed day up to yesterday. */
  async catchUp(now: Date = this.clock.now()): Promise<SnapshotResult> {
    const [{ last }]: { last: string | null }[] = await this.db.query(`SELECT to_char(max(day), 'YYYY-MM-DD') AS last FROM discharge_snapshot_days`);
    const out: SnapshotResult = { days: 0, delayed: 0 };
    for (const day of snapshotDaysDue(last, now, this.config.discharge.snapshotFirstRunDays)) {
      const taken = await this.db.transaction((em) => this.take(em, day, now));
      if (taken !== null) {
        out.days += 1;
        out.delayed += taken;
      }
    }
    return out;
  }

  /** The snapshot of one day, or null when it was already taken. */
  async take(em: EntityManager, day: string, now: Date): Promise<number | null> {
    const claimed: unknown[] = await em.query(
      `INSERT INTO discharge_snapshot_days (day, taken_at, dtoc_patients, nctr_patients) VALUES ($1, $2, 0, 0) ON CONFLICT (day) DO NOTHING RETURNING day`,
      [day, now],
    );
    if (claimed.length === 0) return null;
    await em.query(SNAPSHOT_SQL, [day]);
    const [counts]: { dtoc: number; nctr: number; n: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE dtoc)::int AS dtoc, count(*) FILTER (WHERE nctr)::int AS nctr, count(*)::int AS n
       FROM discharge_delay_snapshots WHERE day = $1`,
      [day],
    );
    await em.query('UPDATE discharge_snapshot_days SET dtoc_patients = $2, nctr_patients = $3 WHERE day = $1', [day, counts.dtoc, counts.nctr]);
    return counts.n;
  }

  /** Weekly delayed days (DTOC and past DRD) by attribution, from the snapshots, for the dashboard. */
  async weeklyTrend(weeks: number, now: Date = this.clock.now()) {
    const rows: { week: string; dtoc: number; nctr: number; nhs: number; social_care: number; both: number; unattributed: number }[] = await this.db.query(
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
    return {
      weeks: rows.map((r) => ({
        weekStart: r.week,
        dtocDays: r.dtoc,
        nctrDays: r.nctr,
        dtocDaysByAttribution: { nhs: r.nhs, social_care: r.social_care, both: r.both, unattributed: r.unattributed },
      })),
    };
  }
}
