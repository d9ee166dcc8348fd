import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { CaseloadsForCarePlansRepository } from '../caseloads/for-care-plans.repository';
import { TasksService } from '../tasks/tasks.service';
import { CarePlanReviewsRepository } from './care-plan-reviews.repository';
import { reviewTaskKey, reviewTeams, share } from './domain/review';

export interface ReviewCheckResult {
  /** Current plan versions past their review date that were looked at. */
  overdue: number;
  /** Tasks actually created (one per version and team, never repeated). */
  tasks: number;
}

export interface CarePlanCoverage {
  /** Care-home residents (alive) with a current plan that is agreed, of all care-home residents. */
  careHomeResidents: { total: number; withAgreedPlan: number; share: number | null };
  /** Patients in a Pro-Active Care episode (assessment to review) with a current agreed plan, of all of them. */
  proactiveCarePatients: { total: number; withAgreedPlan: number; share: number | null };
  /** Current plans whose review date has passed. */
  plansOverdueReview: number;
  plans: number;
}

/**
 * Plans past their review date become `care_plan_review_due` tasks for the care coordinator's team
 * (or the practice's teams). Exactly once across instances: each check claims overdue plans with
 * FOR UPDATE SKIP LOCKED and the task's dedupe key makes a second task for the same version and
 * team impossible. Each instance runs it every CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS (0 = off,
 * the default under NODE_ENV=test).
 */
@Injectable()
export class CarePlanReviewsService extends PeriodicJob {
  constructor(
    private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly reviews: CarePlanReviewsRepository,
    private readonly episodes: CaseloadsForCarePlansRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('care_plan_review_check', config.carePlans.reviewCheckIntervalSeconds * 1000);
  }

  protected runOnce() {
    return this.check();
  }

  /** One check at `now`: one batch of current versions past review without their task yet. */
  async check(now: Date = this.clock.now()): Promise<ReviewCheckResult> {
    return this.db.transaction((em) => this.createTasks(em, now, this.config.carePlans.reviewCheckBatchSize));
  }

  private async createTasks(em: EntityManager, now: Date, batch: number): Promise<ReviewCheckResult> {
    // The current version of each plan, past review, for a living patient, without a task yet.
    const rows = await this.reviews.claimOverdue(em, now, batch);
    let tasks = 0;
    for (const r of rows) {
      for (const teamCode of reviewTeams(r.careCoordinatorTeamCode, r.practiceTeams)) {
        const id = await this.tasks.create(em, {
          type: 'care_plan_review_due',
          teamCode,
          title: `Care plan review due (version ${r.version})`,
          dueAt: r.reviewDueAt,
          source: { type: 'care_plan', id: r.id },
          patientId: r.patientId,
          createdBy: 'system',
          dedupeKey: reviewTaskKey(r.patientId, r.version, teamCode),
        });
        if (id) tasks += 1;
      }
    }
    return { overdue: rows.length, tasks };
  }

  /**
   * Aggregate coverage for commissioners (no patient data): care-home residents with an agreed
   * current plan, and current plans overdue review, optionally for one practice or locality. Read
   * through `em` (the metrics report passes its snapshot transaction).
   */
  async coverage(filter: { practice?: string; locality?: string } = {}, now: Date = this.clock.now(), em: EntityManager = this.db.manager): Promise<CarePlanCoverage> {
    const inEpisode = await this.episodes.patientsInEpisode(em, filter);
    const row = await this.reviews.coverage(em, filter, inEpisode, now);
    return {
      careHomeResidents: { total: row.residents, withAgreedPlan: row.agreed, share: share(row.agreed, row.residents) },
      proactiveCarePatients: { total: row.pac, withAgreedPlan: row.pacAgreed, share: share(row.pacAgreed, row.pac) },
      plansOverdueReview: row.overdue,
      plans: row.plans,
    };
  }
}
