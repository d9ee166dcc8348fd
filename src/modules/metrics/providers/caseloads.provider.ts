import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../domain/definitions';
import { Measure, MetricsFilter, breakdownMeasure, shareMeasure } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';
import { params } from './sql';

const EPISODE_SCOPE = `($3::text IS NULL OR e.practice_ods = $3)
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.ods_code = e.practice_ods AND o.locality = $4))`;

/** The 12 weeks of a Pro-Active Care episode, from the plan being agreed (domain.md). */
const EPISODE_DAYS = 84;
/**
 * The closing review falls due at 12 weeks and cannot be held before it: an episode whose
 * closing review is held within 14 days of that counts as completed within 12 weeks (docs/metrics.md).
 */
export const COMPLETION_TOLERANCE_DAYS = 14;

/** Pro-Active Care episodes: by status, and completed within 12 weeks (plan agreement to closing review). */
@Injectable()
export class CaseloadMeasures implements MeasureProvider {
  readonly capability = 'caseloads';

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const p = params(f, now);
    const byStatus: { status: string; n: number }[] = await em.query(
      `SELECT e.status, count(*)::int AS n FROM proactive_care_episodes e
       WHERE e.created_at < $2 AND (e.ended_at IS NULL OR e.ended_at >= $1) AND ${EPISODE_SCOPE} AND $5::timestamptz IS NOT NULL
       GROUP BY 1`,
      p,
    );
    const [done]: { within: number; completed: number }[] = await em.query(
      `SELECT count(*) FILTER (WHERE e.started_at IS NOT NULL
                 AND e.ended_at <= e.started_at + make_interval(days => ${EPISODE_DAYS + COMPLETION_TOLERANCE_DAYS}))::int AS within,
              count(*)::int AS completed
       FROM proactive_care_episodes e
       WHERE e.status = 'completed' AND e.ended_at >= $1 AND e.ended_at < $2 AND ${EPISODE_SCOPE} AND $5::timestamptz IS NOT NULL`,
      p,
    );
    return [
      breakdownMeasure(
        D.episodesByStatus,
        f,
        byStatus.map((r) => ({ key: r.status, count: r.n })),
      ),
      shareMeasure(D.episodesWithin12Weeks, f, done.within, done.completed),
    ];
  }
}
