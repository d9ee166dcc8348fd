import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { TasksService } from '../tasks/tasks.service';
import { Clock } from '../../common/clock';
import { EpisodesRepository } from './episodes.repository';

const SYSTEM = { sub: 'system', name: 'Pro-Active Care review check' };

/**
 * At 12 weeks an active episode becomes review_due and a review task lands on the care
 * coordinator's team worklist. Exactly once across instances: each check claims due episodes with
 * FOR UPDATE SKIP LOCKED and changes them in the same transaction as the task (whose dedupe key
 * makes a second task impossible anyway). Each instance runs it every
 * EPISODE_REVIEW_CHECK_INTERVAL_SECONDS on an unref'd timer (0 = off, the default in tests).
 */
@Injectable()
export class EpisodeReviewService extends PeriodicJob {
  constructor(
    private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly episodes: EpisodesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('episode_review_check', config.caseloads.reviewCheckIntervalSeconds * 1000);
  }

  protected async runOnce() {
    return { moved: await this.check() };
  }

  /** One batch at `now`: returns how many episodes this call moved to review_due. */
  async check(now: Date = this.clock.now()): Promise<number> {
    const { reviewCheckBatchSize, reviewTaskDueDays } = this.config.caseloads;
    return this.db.transaction(async (em) => {
      const due = await this.episodes.claimDueForReview(em, now, reviewCheckBatchSize);
      for (const e of due) {
        await this.episodes.markReviewDue(em, e.id);
        await this.episodes.addEvent(em, SYSTEM, e.id, { at: e.plannedEndAt, from: 'active', to: 'review_due', reason: null, detail: { plannedEndAt: e.plannedEndAt.toISOString() } });
        await this.tasks.create(em, {
          type: 'proactive_care_review',
          teamCode: e.teamCode,
          patientId: e.patientId,
          title: 'Review the Pro-Active Care episode at 12 weeks',
          detail: 'The 12-week Pro-Active Care intervention has reached its planned end: review it with the patient and the MDT, then complete it.',
          dueAt: new Date(now.getTime() + reviewTaskDueDays * 24 * 3_600_000),
          source: { type: 'proactive_care_episode', id: e.id },
          createdBy: 'system',
          dedupeKey: `proactive_care_review:${e.id}`,
        });
      }
      return due.length;
    });
  }
}
