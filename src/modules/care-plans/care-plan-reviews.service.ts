import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { TasksService } from '../tasks/tasks.service';
import { Clock } from '../../common/clock';
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
  protected readonly jobName = 'care_plan_review_check';

  constructor(
    private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.carePlans.reviewCheckIntervalSeconds * 1000;
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
    const rows: {
      id: string;
      patient_id: string;
      version: number;
      review_due_at: Date;
      care_coordinator_team_code: string | null;
      practice_teams: string[];
    }[] = await em.query(
      `SELECT v.id, v.patient_id, v.version, v.review_due_at, p.care_coordinator_team_code,
         COALESCE((SELECT array_agg(tp.team_code) FROM team_practices tp WHERE tp.practice_ods = p.gp_practice_ods), '{}') AS practice_teams
       FROM care_plan_versions v JOIN patients p ON p.id = v.patient_id
       WHERE v.review_due_at <= $1 AND p.deceased_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM care_plan_versions n WHERE n.patient_id = v.patient_id AND n.version > v.version)
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.source_type = 'care_plan' AND t.source_id = v.id::text AND t.type = 'care_plan_review_due')
       ORDER BY v.review_due_at LIMIT $2 FOR UPDATE OF v SKIP LOCKED`,
      [now, batch],
    );
    let tasks = 0;
    for (const r of rows) {
      for (const teamCode of reviewTeams(r.care_coordinator_team_code, r.practice_teams)) {
        const id = await this.tasks.create(em, {
          type: 'care_plan_review_due',
          teamCode,
          title: `Care plan review due (version ${r.version})`,
          dueAt: r.review_due_at,
          source: { type: 'care_plan', id: r.id },
          patientId: r.patient_id,
          createdBy: 'system',
          dedupeKey: reviewTaskKey(r.patient_id, r.version, teamCode),
        });
        if (id) tasks += 1;
      }
    }
    return { overdue: rows.length, tasks };
  }

  /**
   * Aggregate coverage for commissioners (no patient data): care-home residents with an agreed
   * current plan, and current plans overdue review, optionally for one practice or locality.
   */
  async coverage(filter: { practice?: string; locality?: string } = {}, now: Date = this.clock.now()): Promise<CarePlanCoverage> {
    const [row]: { residents: number; agreed: number; pac: number; pac_agreed: number; plans: number; overdue: number }[] = await this.db.query(
      `WITH pop AS (
         SELECT p.id, p.care_home_resident FROM patients p LEFT JOIN organisations o ON o.ods_code = p.gp_practice_ods
         WHERE p.deceased_at IS NULL AND ($1::text IS NULL OR p.gp_practice_ods = $1) AND ($2::text IS NULL OR o.locality = $2)
       ), cur AS (
         SELECT DISTINCT ON (v.patient_id) v.patient_id, v.version, v.review_due_at
         FROM care_plan_versions v JOIN pop ON pop.id = v.patient_id ORDER BY v.patient_id, v.version DESC
       ), agreed AS (
         SELECT cur.patient_id FROM cur
         WHERE EXISTS (SELECT 1 FROM care_plan_agreements a WHERE a.patient_id = cur.patient_id AND a.version = cur.version AND a.role = 'gp')
           AND EXISTS (SELECT 1 FROM care_plan_agreements a WHERE a.patient_id = cur.patient_id AND a.version = cur.version
                       AND (a.role IN ('patient', 'representative') OR a.patient_involved))
       ), pac AS (
         SELECT DISTINCT e.patient_id FROM proactive_care_episodes e JOIN pop ON pop.id = e.patient_id
         WHERE e.status IN ('assessment', 'mdt_review', 'active', 'review_due')
       )
       SELECT (SELECT count(*) FROM pop WHERE care_home_resident)::int AS residents,
              (SELECT count(*) FROM pac)::int AS pac,
              (SELECT count(*) FROM pac JOIN agreed ON agreed.patient_id = pac.patient_id)::int AS pac_agreed,
              (SELECT count(*) FROM agreed JOIN pop ON pop.id = agreed.patient_id WHERE pop.care_home_resident)::int AS agreed,
              (SELECT count(*) FROM cur)::int AS plans,
              (SELECT count(*) FROM cur WHERE cur.review_due_at <= $3)::int AS overdue`,
      [filter.practice ?? null, filter.locality ?? null, now],
    );
    return {
      careHomeResidents: { total: row.residents, withAgreedPlan: row.agreed, share: share(row.agreed, row.residents) },
      proactiveCarePatients: { total: row.pac, withAgreedPlan: row.pac_agreed, share: share(row.pac_agreed, row.pac) },
      plansOverdueReview: row.overdue,
      plans: row.plans,
    };
  }
}
