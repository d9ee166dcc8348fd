import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MetricsFilter } from '../metrics/domain/measures';
import { LOCALITY_PRACTICES, params } from '../metrics/providers/sql';

/** Episodes of the practice (or of the locality's practices); $3 practice, $4 locality (metrics/providers/sql.ts). */
const EPISODE_SCOPE = `($3::text IS NULL OR e.practice_ods = $3)
  AND ($4::text IS NULL OR e.practice_ods = ANY (${LOCALITY_PRACTICES}))`;

/** Aggregate counts of Pro-Active Care episodes for the metrics report (no patient data), in the report's snapshot. */
@Injectable()
export class EpisodeMeasuresRepository {
  /** Episodes open at some time in the period, by status. */
  byStatus(em: EntityManager, f: MetricsFilter, now: Date): Promise<{ status: string; n: number }[]> {
    return em.query(
      `SELECT e.status, count(*)::int AS n FROM proactive_care_episodes e
       WHERE e.created_at < $2 AND (e.ended_at IS NULL OR e.ended_at >= $1) AND ${EPISODE_SCOPE} AND $5::timestamptz IS NOT NULL
       GROUP BY 1`,
      params(f, now),
    );
  }

  /** Episodes completed in the period, and how many of them ended within `days` of starting. */
  async completions(em: EntityManager, f: MetricsFilter, now: Date, days: number): Promise<{ within: number; completed: number }> {
    const [done]: { within: number; completed: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE e.started_at IS NOT NULL AND e.ended_at <= e.started_at + make_interval(days => $6))::int AS within,
              count(*)::int AS completed
       FROM proactive_care_episodes e
       WHERE e.status = 'completed' AND e.ended_at >= $1 AND e.ended_at < $2 AND ${EPISODE_SCOPE} AND $5::timestamptz IS NOT NULL`,
      [...params(f, now), days],
    );
    return done;
  }
}
