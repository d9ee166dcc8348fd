import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../domain/definitions';
import { Measure, MetricsFilter, meanMeasure, ratioOfTotals, shareMeasure, totalMeasure } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';
import { IN_SCOPE, params } from './sql';
import { shareOn, systemMix } from '../../beds/domain/mix';
import type { MixBasis } from '../../beds/domain/types';

/** Units in scope: the locality filter applies to the unit; the practice filter to the patient of a stay. */
const UNIT_SCOPE = '($4::text IS NULL OR u.locality = $4)';

/** Step-up/step-down beds: the 60/40 mix, occupancy, length of stay and idle bed-hours while someone waited. */
@Injectable()
export class BedMeasures implements MeasureProvider {
  readonly capability = 'beds';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get defaultBasis(): MixBasis {
    return this.config.beds.mixBasis;
  }

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const p = params(f, now);
    const [mix]: { step_down: number; total: number; target: number | null; los_days: number; discharged: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE s.direction = 'step_down' AND s.admitted_at >= $1 AND s.admitted_at < $2)::int AS step_down,
              count(*) FILTER (WHERE s.admitted_at >= $1 AND s.admitted_at < $2)::int AS total,
              (SELECT avg(u.step_down_target) FROM bed_units u WHERE ${UNIT_SCOPE}) AS target,
              coalesce(sum(extract(epoch FROM s.discharged_at - s.admitted_at)) FILTER (WHERE s.discharged_at >= $1 AND s.discharged_at < $2), 0) / 86400 AS los_days,
              count(*) FILTER (WHERE s.discharged_at >= $1 AND s.discharged_at < $2)::int AS discharged
       FROM bed_stays s JOIN bed_units u ON u.id = s.unit_id JOIN patients p ON p.id = s.patient_id
       WHERE s.admitted_at IS NOT NULL AND s.admitted_at < $2 AND ${UNIT_SCOPE} AND ${IN_SCOPE} AND $5::timestamptz IS NOT NULL`,
      p,
    );
    // Occupancy is of beds, so only the locality (of the unit) applies.
    const [occ]: { occupied: number; available: number }[] = await em.query(
      `WITH win AS (SELECT $1::timestamptz AS f, LEAST($2::timestamptz, $5::timestamptz) AS t)
       SELECT coalesce((SELECT sum(extract(epoch FROM LEAST(coalesce(s.discharged_at, win.t), win.t) - GREATEST(s.admitted_at, win.f)))
                        FROM bed_stays s JOIN bed_units u ON u.id = s.unit_id
                        WHERE s.admitted_at IS NOT NULL AND s.admitted_at < win.t AND (s.discharged_at IS NULL OR s.discharged_at > win.f) AND ${UNIT_SCOPE}), 0) / 86400 AS occupied,
              coalesce((SELECT sum(extract(epoch FROM win.t - GREATEST(b.created_at, win.f)))
                        FROM beds b JOIN bed_units u ON u.id = b.unit_id WHERE b.created_at < win.t AND ${UNIT_SCOPE}), 0) / 86400 AS available
       FROM win WHERE $3::text IS NULL OR $3::text IS NOT NULL`,
      p,
    );
    const [idle]: { seconds: number }[] = await em.query(
      `SELECT coalesce(sum(a.idle_seconds_while_waiting), 0)::float8 AS seconds
       FROM bed_allocations a JOIN bed_units u ON u.id = a.unit_id
       WHERE a.at >= $1 AND a.at < $2 AND ${UNIT_SCOPE} AND ($3::text IS NULL OR $3::text IS NOT NULL) AND $5::timestamptz IS NOT NULL`,
      p,
    );
    // The system-wide mix (beds' own rule, domain/mix.ts systemMix): each unit's share on its basis, weighted by its beds.
    const units: { id: string; beds: number; target: number; basis: MixBasis | null; down: number; up: number; down_days: number; up_days: number }[] = await em.query(
      `SELECT u.id, (SELECT count(*) FROM beds b WHERE b.unit_id = u.id)::int AS beds, u.step_down_target AS target, u.mix_basis AS basis,
              count(s.id) FILTER (WHERE s.direction = 'step_down' AND s.admitted_at >= $1)::int AS down,
              count(s.id) FILTER (WHERE s.direction = 'step_up' AND s.admitted_at >= $1)::int AS up,
              coalesce(sum(extract(epoch FROM LEAST(coalesce(s.discharged_at, $2::timestamptz), $2::timestamptz) - GREATEST(s.admitted_at, $1::timestamptz)))
                FILTER (WHERE s.direction = 'step_down'), 0)::float8 / 86400 AS down_days,
              coalesce(sum(extract(epoch FROM LEAST(coalesce(s.discharged_at, $2::timestamptz), $2::timestamptz) - GREATEST(s.admitted_at, $1::timestamptz)))
                FILTER (WHERE s.direction = 'step_up'), 0)::float8 / 86400 AS up_days
       FROM bed_units u
       LEFT JOIN bed_stays s ON s.unit_id = u.id AND s.admitted_at IS NOT NULL AND s.admitted_at < $2 AND (s.discharged_at IS NULL OR s.discharged_at > $1)
       WHERE ${UNIT_SCOPE} AND ($3::text IS NULL OR $3::text IS NOT NULL) AND $5::timestamptz IS NOT NULL
       GROUP BY u.id`,
      p,
    );
    const parts = units.map((u) => {
      const totals = { stepDown: { admissions: u.down, bedDays: u.down_days }, stepUp: { admissions: u.up, bedDays: u.up_days } };
      return { beds: u.beds, target: u.target, share: shareOn(u.basis ?? this.defaultBasis, totals), admissions: u.down + u.up };
    });
    const system = systemMix(parts, { sigma: 3, minAdmissions: 1 });
    const admissions = parts.reduce((n, x) => n + x.admissions, 0);
    const byBeds: Measure = {
      ...totalMeasure(D.stepDownShareByBeds, f, 0),
      value: system.stepDownShare === null || (admissions > 0 && admissions < 5) ? null : Math.round(system.stepDownShare * 10_000) / 10_000,
      target: Math.round(system.target * 100) / 100,
    };
    return [
      shareMeasure(D.stepDownShare, f, mix.step_down, mix.total, mix.target === null ? 0.6 : Math.round(Number(mix.target) * 100) / 100),
      byBeds,
      // Bed-days are not people: shown unsuppressed, to 0.01 bed-day, the value computed from the shown figures.
      ratioOfTotals(D.occupancy, f, Number(occ.occupied), Number(occ.available)),
      meanMeasure(D.meanLengthOfStay, f, Number(mix.los_days), mix.discharged),
      totalMeasure(D.idleBedHours, f, Number(idle.seconds) / 3600),
    ];
  }
}
