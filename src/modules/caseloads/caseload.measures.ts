import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../metrics/domain/definitions';
import { Measure, MetricsFilter, breakdownMeasure, shareMeasure } from '../metrics/domain/measures';
import type { MeasureProvider } from '../metrics/domain/registry';
import { EpisodeMeasuresRepository } from './episode-measures.repository';

/** The 12 weeks of a Pro-Active Care episode, from the plan being agreed (domain.md). */
const EPISODE_DAYS = 84;
/**
 * The closing review falls due at 12 weeks and cannot be held before it: an episode whose
 * closing review is held within 14 days of that counts as completed within 12 weeks (docs/metrics.md).
 */
export const COMPLETION_TOLERANCE_DAYS = 14;

/** Pro-Active Care episodes: by status, and completed within 12 weeks (plan agreement to closing review). Registered with the MetricsRegistry by CaseloadsModule. */
@Injectable()
export class CaseloadMeasures implements MeasureProvider {
  readonly capability = 'caseloads';

  constructor(private readonly episodes: EpisodeMeasuresRepository) {}

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const byStatus = await this.episodes.byStatus(em, f, now);
    const done = await this.episodes.completions(em, f, now, EPISODE_DAYS + COMPLETION_TOLERANCE_DAYS);
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
