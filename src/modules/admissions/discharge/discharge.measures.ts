import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { discloseGroup } from '../../../common/disclosure/secondary-suppression';
import { DEFINITIONS as D } from '../../metrics/domain/definitions';
import { Measure, MetricsFilter, meanMeasure, ratePer100k, shareMeasure } from '../../metrics/domain/measures';
import type { MeasureProvider } from '../../metrics/domain/registry';
import { AGE_AT, IN_SCOPE, params } from '../../metrics/providers/sql';
import { denominatorFor, withPopulation } from '../../populations/population.queries';

/** Snapshot rows in scope: days of the period (England), the practice/locality of the patient's practice then. */
const SNAPSHOT_SCOPE = `s.day >= ($1::timestamptz AT TIME ZONE 'Europe/London')::date AND s.day < ($2::timestamptz AT TIME ZONE 'Europe/London')::date
  AND ($3::text IS NULL OR s.practice_ods = $3)
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.ods_code = s.practice_ods AND o.locality = $4))
  AND $5::timestamptz IS NOT NULL`;

/**
 * Delayed days from the midnight snapshots (DTOC and past the Discharge Ready Date) and the
 * DRD-to-discharge measures. Denominators: the population estimate for the year when loaded, else
 * the registered list of adults at the end of the period (labelled).
 */
@Injectable()
export class DischargeMeasures implements MeasureProvider {
  readonly capability = 'discharge';

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const p = params(f, now);
    const [days]: { dtoc: number; nctr: number; nhs: number; social_care: number; both: number; unattributed: number; acute: number; community: number }[] =
      await em.query(
        `SELECT count(*) FILTER (WHERE s.dtoc)::int AS dtoc, count(*) FILTER (WHERE s.nctr)::int AS nctr,
                count(*) FILTER (WHERE s.dtoc AND s.attribution = 'nhs')::int AS nhs,
                count(*) FILTER (WHERE s.dtoc AND s.attribution = 'social_care')::int AS social_care,
                count(*) FILTER (WHERE s.dtoc AND s.attribution = 'both')::int AS both,
                count(*) FILTER (WHERE s.dtoc AND s.attribution IS NULL)::int AS unattributed,
                count(*) FILTER (WHERE s.dtoc AND s.setting = 'acute')::int AS acute,
                count(*) FILTER (WHERE s.dtoc AND s.setting = 'community')::int AS community
         FROM discharge_delay_snapshots s WHERE ${SNAPSHOT_SCOPE}`,
        p,
      );
    const [drd]: { n: number; on_drd: number; total_days: number }[] = await em.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE x.days = 0)::int AS on_drd, coalesce(sum(x.days), 0)::int AS total_days
       FROM (
         SELECT greatest(0, (a.discharged_at AT TIME ZONE 'Europe/London')::date - d.ready_date) AS days
         FROM admissions a JOIN patients p ON p.id = a.patient_id JOIN organisations h ON h.ods_code = a.hospital_ods
         CROSS JOIN LATERAL (SELECT e.ready_date FROM discharge_events e WHERE e.admission_id = a.id AND e.kind = 'discharge_ready_date'
                             AND e.effective_at <= a.discharged_at ORDER BY e.effective_at DESC, e.recorded_at DESC, e.id DESC LIMIT 1) d
         WHERE a.status = 'discharged' AND a.discharged_at >= $1 AND a.discharged_at < $2 AND d.ready_date IS NOT NULL
           AND h.type IN ('acute_trust', 'community_trust') AND ${AGE_AT('a.discharged_at')} >= 18 AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL
       ) x`,
      p,
    );
    const [pop]: { adults: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE ${AGE_AT('$2::timestamptz')} >= 18)::int AS adults
       FROM patients p
       WHERE (p.deceased_at IS NULL OR p.deceased_at >= $2) AND p.created_at < $2 AND ${IN_SCOPE}
         AND $1::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL`,
      p,
    );
    const adults = await denominatorFor(em, p, 18, pop.adults);
    // Each breakdown adds up to the delayed days shown: secondary suppression per group.
    const attribution = discloseGroup([days.nhs, days.social_care, days.both, days.unattributed]);
    const setting = discloseGroup([days.acute, days.community]);
    const dtoc = withPopulation(ratePer100k(D.delayedTransferDays, f, days.dtoc, adults.persons), adults, 18);
    const totalHidden = attribution.total === '*' || setting.total === '*';
    return [
      {
        ...dtoc,
        ...(totalHidden ? { numerator: '*' as const, value: null } : {}),
        breakdown: [
          ...['nhs', 'social_care', 'both', 'unattributed'].map((k, i) => ({ key: `attribution:${k}`, count: attribution.cells[i] })),
          ...['acute', 'community'].map((k, i) => ({ key: `setting:${k}`, count: setting.cells[i] })),
        ],
      },
      withPopulation(ratePer100k(D.drdDelayedDays, f, days.nctr, adults.persons), adults, 18),
      shareMeasure(D.dischargedOnDrd, f, drd.on_drd, drd.n),
      meanMeasure(D.meanDaysDrdToDischarge, f, drd.total_days, drd.n),
    ];
  }
}
