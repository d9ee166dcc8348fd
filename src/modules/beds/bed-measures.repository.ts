import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IN_SCOPE } from '../metrics/providers/sql';
import type { MixBasis } from './domain/types';

/**
 * Units in scope: the locality filter applies to the unit; the practice filter to the patient of a stay.
 * Every statement takes the metrics parameters ($1 from, $2 to, $3 practice, $4 locality, $5 now).
 */
const UNIT_SCOPE = '($4::text IS NULL OR u.locality = $4)';

/** Admissions by direction, the units' mean target, and discharges with their bed-days, in the period. */
export interface StayFigures {
  stepDown: number;
  total: number;
  /** Mean step-down target of the units in scope; null when there is none. */
  target: number | null;
  lengthOfStayDays: number;
  discharged: number;
}

/** One unit's beds, target and its mix over the period on both bases. */
export interface UnitMixFigures {
  unitId: string;
  beds: number;
  target: number;
  basis: MixBasis | null;
  down: number;
  up: number;
  downDays: number;
  upDays: number;
}

export interface WeekAdmissions {
  weekStart: Date;
  stepDown: number;
  stepUp: number;
}

/** The aggregates (never a patient) the commissioner's measures and the dashboard take from beds. */
@Injectable()
export class BedMeasuresRepository {
  async stays(em: EntityManager, p: unknown[]): Promise<StayFigures> {
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
    return { stepDown: mix.step_down, total: mix.total, target: mix.target === null ? null : Number(mix.target), lengthOfStayDays: Number(mix.los_days), discharged: mix.discharged };
  }

  /** Bed-days occupied and available in the period (to now at most). Occupancy is of beds, so only the locality (of the unit) applies. */
  async occupancy(em: EntityManager, p: unknown[]): Promise<{ occupiedDays: number; availableDays: number }> {
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
    return { occupiedDays: Number(occ.occupied), availableDays: Number(occ.available) };
  }

  /** Seconds beds stood free while someone eligible waited, from the decision log. */
  async idleSeconds(em: EntityManager, p: unknown[]): Promise<number> {
    const [idle]: { seconds: number }[] = await em.query(
      `SELECT coalesce(sum(a.idle_seconds_while_waiting), 0)::float8 AS seconds
       FROM bed_allocations a JOIN bed_units u ON u.id = a.unit_id
       WHERE a.at >= $1 AND a.at < $2 AND ${UNIT_SCOPE} AND ($3::text IS NULL OR $3::text IS NOT NULL) AND $5::timestamptz IS NOT NULL`,
      p,
    );
    return Number(idle.seconds);
  }

  /** Each unit in scope: its beds, target, basis, and admissions and bed-days by direction in the period. */
  async unitMixes(em: EntityManager, p: unknown[]): Promise<UnitMixFigures[]> {
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
    return units.map((u) => ({ unitId: u.id, beds: u.beds, target: u.target, basis: u.basis, down: u.down, up: u.up, downDays: u.down_days, upDays: u.up_days }));
  }

  /**
   * Bed admissions by direction per week (weeks starting as PostgreSQL's date_trunc('week') does),
   * the last `weeks` weeks up to the one holding `now`, of all units or a locality's; and the mean
   * step-down target of those units (null when there is none).
   */
  async weeklyAdmissions(em: EntityManager, now: Date, weeks: number, locality: string | null): Promise<{ target: number | null; weeks: WeekAdmissions[] }> {
    const rows: { week: Date; step_down: number; step_up: number; target: number | null }[] = await em.query(
      `WITH w AS (SELECT generate_series(date_trunc('week', $1::timestamptz) - ($2::int - 1) * interval '1 week', date_trunc('week', $1::timestamptz), interval '1 week') AS week)
       SELECT w.week,
              count(s.id) FILTER (WHERE s.direction = 'step_down')::int AS step_down,
              count(s.id) FILTER (WHERE s.direction = 'step_up')::int AS step_up,
              (SELECT avg(u.step_down_target) FROM bed_units u WHERE $3::text IS NULL OR u.locality = $3) AS target
       FROM w LEFT JOIN bed_stays s ON s.admitted_at >= w.week AND s.admitted_at < w.week + interval '1 week'
         AND EXISTS (SELECT 1 FROM bed_units u WHERE u.id = s.unit_id AND ($3::text IS NULL OR u.locality = $3))
       GROUP BY w.week ORDER BY w.week`,
      [now, weeks, locality],
    );
    const target = rows[0]?.target;
    return {
      target: target === null || target === undefined ? null : Number(target),
      weeks: rows.map((r) => ({ weekStart: r.week, stepDown: r.step_down, stepUp: r.step_up })),
    };
  }
}
