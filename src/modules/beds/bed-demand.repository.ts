import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloseCause, Direction } from './domain/types';

export interface NewRefusal {
  direction: Direction;
  priority: string;
  needs: string[];
  cause: 'no_capable_bed' | 'purpose_not_accepted';
  team: string | null;
}

/** Unmet demand of one week (Monday 00:00 UTC) and direction, by cause. */
export interface UnmetWeek {
  week: Date;
  direction: Direction;
  cause: CloseCause | 'refused';
  count: number;
}

/** What happened in a window: requests (and refusals), unmet demand, discharges and their bed-days, open beds now. */
export interface ObservedDemand {
  arrivals: number;
  unmet: number;
  discharges: number;
  totalLengthOfStayDays: number;
  bedsOpen: number;
}

/** Demand: requests refused on arrival (bed_request_refusals) and closed without a bed, and observed flow. */
@Injectable()
export class BedDemandRepository {
  async insertRefusal(em: EntityManager, r: NewRefusal): Promise<void> {
    await em.query(
      `INSERT INTO bed_request_refusals (refused_at, direction, priority, needs, cause, requested_by_team) VALUES (now(), $1, $2, $3, $4, $5)`,
      [r.direction, r.priority, r.needs, r.cause, r.team],
    );
  }

  /** Requests closed without a bed and refusals since `from`, per week, direction and cause. */
  async unmetSince(em: EntityManager, from: Date): Promise<UnmetWeek[]> {
    const rows: { week: Date; direction: Direction; close_cause: CloseCause | 'refused'; n: string }[] = await em.query(
      `SELECT date_trunc('week', cancelled_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week, direction, close_cause, count(*) AS n
       FROM bed_requests WHERE close_cause IS NOT NULL AND cancelled_at >= $1
       GROUP BY 1, 2, 3
       UNION ALL
       SELECT date_trunc('week', refused_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', direction, 'refused', count(*)
       FROM bed_request_refusals WHERE refused_at >= $1
       GROUP BY 1, 2`,
      [from],
    );
    return rows.map((r) => ({ week: r.week, direction: r.direction, cause: r.close_cause, count: Number(r.n) }));
  }

  /** Arrivals, unmet demand and discharges in [from, to), and the beds not closed now. */
  async observed(em: EntityManager, from: Date, to: Date): Promise<ObservedDemand> {
    const [row]: { arrivals: string; unmet: string; discharges: string; los_days: string | null; beds: string }[] = await em.query(
      `SELECT (SELECT count(*) FROM bed_requests WHERE requested_at >= $1 AND requested_at < $2)
                + (SELECT count(*) FROM bed_request_refusals WHERE refused_at >= $1 AND refused_at < $2) AS arrivals,
              (SELECT count(*) FROM bed_requests WHERE close_cause IS NOT NULL AND requested_at >= $1 AND requested_at < $2)
                + (SELECT count(*) FROM bed_request_refusals WHERE refused_at >= $1 AND refused_at < $2) AS unmet,
              (SELECT count(*) FROM bed_stays WHERE discharged_at >= $1 AND discharged_at < $2) AS discharges,
              (SELECT sum(extract(epoch FROM discharged_at - admitted_at)) / 86400 FROM bed_stays WHERE discharged_at >= $1 AND discharged_at < $2) AS los_days,
              (SELECT count(*) FROM beds WHERE state <> 'closed') AS beds`,
      [from, to],
    );
    return {
      arrivals: Number(row.arrivals),
      unmet: Number(row.unmet),
      discharges: Number(row.discharges),
      totalLengthOfStayDays: Number(row.los_days ?? 0),
      bedsOpen: Number(row.beds),
    };
  }
}
