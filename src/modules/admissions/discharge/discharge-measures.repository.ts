import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MetricsFilter } from '../../metrics/domain/measures';
import { BED_STAY_SUBJECTS } from '../../beds/for-admissions.repository';
import { AGE_AT, IN_SCOPE, LOCALITY_PRACTICES, params } from '../../metrics/providers/sql';

/** Snapshot rows in scope: days of the period (England), the practice/locality of the patient's practice then. */
const SNAPSHOT_SCOPE = `s.day >= ($1::timestamptz AT TIME ZONE 'Europe/London')::date AND s.day < ($2::timestamptz AT TIME ZONE 'Europe/London')::date
  AND ($3::text IS NULL OR s.practice_ods = $3)
  AND ($4::text IS NULL OR s.practice_ods = ANY (${LOCALITY_PRACTICES}))
  AND $5::timestamptz IS NOT NULL`;

/**
 * Acute and community hospitals, listed once per statement. Joined as organisations instead, PostgreSQL
 * guessed 2 in 38 admissions were at one and looked up each admission's patient before its practice:
 * 450 ms for one practice's year at county scale, 180 ms this way.
 */
const HOSPITALS = "ARRAY(SELECT h.ods_code FROM organisations h WHERE h.type IN ('acute_trust', 'community_trust'))";

/** Delayed days in the period from the midnight snapshots: DTOC and past DRD, DTOC days by attribution and setting. */
export interface DelayedDays {
  dtoc: number;
  nctr: number;
  nhs: number;
  social_care: number;
  both: number;
  unattributed: number;
  acute: number;
  community: number;
}

/** Adults discharged in the period who had a Discharge Ready Date: how many, on the day, and the days after it in all. */
export interface DrdToDischarge {
  n: number;
  on_drd: number;
  total_days: number;
}

/** The aggregate SQL of the discharge measures (counts only), with the metrics parameters ($1 from, $2 to, $3 practice, $4 locality, $5 now). */
@Injectable()
export class DischargeMeasuresRepository {
  async delayedDays(em: EntityManager, f: MetricsFilter, now: Date): Promise<DelayedDays> {
    const [days]: DelayedDays[] = await em.query(
      `SELECT count(*) FILTER (WHERE s.dtoc)::int AS dtoc, count(*) FILTER (WHERE s.nctr)::int AS nctr,
              count(*) FILTER (WHERE s.dtoc AND s.attribution = 'nhs')::int AS nhs,
              count(*) FILTER (WHERE s.dtoc AND s.attribution = 'social_care')::int AS social_care,
              count(*) FILTER (WHERE s.dtoc AND s.attribution = 'both')::int AS both,
              count(*) FILTER (WHERE s.dtoc AND s.attribution IS NULL)::int AS unattributed,
              count(*) FILTER (WHERE s.dtoc AND s.setting = 'acute')::int AS acute,
              count(*) FILTER (WHERE s.dtoc AND s.setting = 'community')::int AS community
       FROM discharge_delay_snapshots s WHERE ${SNAPSHOT_SCOPE}`,
      params(f, now),
    );
    return days;
  }

  /** Discharges of adults from acute and community hospitals and from community beds, against the Discharge Ready Date in force at discharge. */
  async drdToDischarge(em: EntityManager, f: MetricsFilter, now: Date): Promise<DrdToDischarge> {
    const [drd]: DrdToDischarge[] = await em.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE x.days = 0)::int AS on_drd, coalesce(sum(x.days), 0)::int AS total_days
       FROM (
         SELECT greatest(0, (a.discharged_at AT TIME ZONE 'Europe/London')::date - d.ready_date) AS days
         FROM admissions a JOIN patients p ON p.id = a.patient_id
         CROSS JOIN LATERAL (SELECT e.ready_date FROM discharge_events e WHERE e.admission_id = a.id AND e.kind = 'discharge_ready_date'
                             AND e.effective_at <= a.discharged_at ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) d
         WHERE a.status = 'discharged' AND a.discharged_at >= $1 AND a.discharged_at < $2 AND d.ready_date IS NOT NULL
           AND a.hospital_ods = ANY (${HOSPITALS}) AND ${AGE_AT('a.discharged_at')} >= 18 AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL
         UNION ALL
         SELECT greatest(0, (bs.discharged_at AT TIME ZONE 'Europe/London')::date - d.ready_date)
         FROM (${BED_STAY_SUBJECTS}) bs JOIN patients p ON p.id = bs.patient_id
         CROSS JOIN LATERAL (SELECT e.ready_date FROM discharge_events e WHERE e.bed_stay_id = bs.id AND e.kind = 'discharge_ready_date'
                             AND e.effective_at <= bs.discharged_at ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) d
         WHERE bs.status = 'discharged' AND bs.discharged_at >= $1 AND bs.discharged_at < $2 AND d.ready_date IS NOT NULL
           AND ${AGE_AT('bs.discharged_at')} >= 18 AND ${IN_SCOPE}
       ) x`,
      params(f, now),
    );
    return drd;
  }
}
