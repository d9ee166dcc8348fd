import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { Clock } from '../../common/clock';
import { ReferralsRepository } from './referrals.repository';

export interface BreachCheckResult {
  /** Referrals still awaiting triage whose clock passed. */
  triage: number;
  /** Routed parts whose clock passed without first contact. */
  response: number;
  /** Alerts actually created (one per team per breach, never repeated). */
  alerts: number;
}

const SYSTEM = { sub: 'system', name: 'Breach check' };

/**
 * Finds referrals past respondBy without first contact and raises exactly one `referral_breach`
 * alert per breach for the receiving team and the SPoA. Safe with any number of instances: each
 * check claims breaches with FOR UPDATE SKIP LOCKED and marks them (breach_alerted_at) in the
 * same transaction as the alert; the alerts' dedupe key makes a second alert impossible anyway.
 * Each instance runs it every BREACH_CHECK_INTERVAL_SECONDS on an unref'd timer (0 = off).
 */
@Injectable()
export class ReferralBreachesService extends PeriodicJob {
  protected readonly jobName = 'referral_breach_check';

  constructor(
    private readonly db: DataSource,
    private readonly alerts: AlertsService,
    private readonly repo: ReferralsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.referrals.breachCheckIntervalSeconds * 1000;
  }

  protected runOnce() {
    return this.check();
  }

  /** One check at `now` (default the referral clock): one batch of each kind of breach. */
  async check(now: Date = this.clock.now()): Promise<BreachCheckResult> {
    const batch = this.config.referrals.breachCheckBatchSize;
    const triage = await this.db.transaction((em) => this.triageBreaches(em, now, batch));
    const response = await this.db.transaction((em) => this.responseBreaches(em, now, batch));
    return { triage: triage.claimed, response: response.claimed, alerts: triage.alerts + response.alerts };
  }

  private async triageBreaches(em: EntityManager, now: Date, batch: number) {
    const rows: { id: string; patient_id: string; spoa_team_code: string; urgency: string; respond_by: Date }[] = await em.query(
      `SELECT r.id, r.patient_id, r.spoa_team_code, r.urgency, r.respond_by FROM referrals r
       WHERE r.status = 'awaiting_triage' AND r.breach_alerted_at IS NULL AND r.respond_by < $1
       ORDER BY r.respond_by LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batch],
    );
    let alerts = 0;
    for (const r of rows) {
      const created = await this.alerts.raise(em, {
        type: 'referral_breach',
        teamCodes: [r.spoa_team_code],
        patientId: r.patient_id,
        detail: { referralId: r.id, stage: 'triage', urgency: r.urgency, respondBy: r.respond_by.toISOString() },
        dedupeKey: `referral_breach:triage:${r.id}`,
      });
      alerts += created.length;
      await em.query('UPDATE referrals SET breach_alerted_at = $2 WHERE id = $1', [r.id, now]);
      if (created.length) {
        await this.repo.addEvents(em, r.id, SYSTEM, [
          { action: 'breached', from: 'awaiting_triage', to: 'awaiting_triage', teamCode: r.spoa_team_code, detail: { stage: 'triage', respondBy: r.respond_by.toISOString() } },
        ]);
      }
    }
    return { claimed: rows.length, alerts };
  }

  private async responseBreaches(em: EntityManager, now: Date, batch: number) {
    // Lock the referral with its part: every change to a referral takes the referral's lock first,
    // so the check never deadlocks with one and never reprocesses a part another check marked.
    const rows: {
      id: string;
      referral_id: string;
      team_code: string;
      service: string;
      status: string;
      respond_by: Date;
      patient_id: string;
      spoa_team_code: string;
      urgency: string;
    }[] = await em.query(
      `SELECT d.id, d.referral_id, d.team_code, d.service, d.status, d.respond_by, r.patient_id, r.spoa_team_code, r.urgency
       FROM referral_destinations d JOIN referrals r ON r.id = d.referral_id
       WHERE d.status IN ('awaiting_acceptance', 'accepted') AND d.breach_alerted_at IS NULL AND d.respond_by < $1
       ORDER BY d.respond_by LIMIT $2 FOR UPDATE OF d, r SKIP LOCKED`,
      [now, batch],
    );
    let alerts = 0;
    for (const d of rows) {
      const created = await this.alerts.raise(em, {
        type: 'referral_breach',
        teamCodes: [d.team_code, d.spoa_team_code],
        patientId: d.patient_id,
        detail: {
          referralId: d.referral_id,
          destinationId: d.id,
          stage: 'response',
          service: d.service,
          teamCode: d.team_code,
          urgency: d.urgency,
          respondBy: d.respond_by.toISOString(),
        },
        dedupeKey: `referral_breach:${d.id}:${d.team_code}`,
      });
      alerts += created.length;
      await em.query('UPDATE referral_destinations SET breach_alerted_at = $2 WHERE id = $1', [d.id, now]);
      if (created.length) {
        await this.repo.addEvents(em, d.referral_id, SYSTEM, [
          {
            action: 'breached',
            from: d.status,
            to: d.status,
            teamCode: d.team_code,
            destinationId: d.id,
            detail: { stage: 'response', service: d.service, respondBy: d.respond_by.toISOString() },
          },
        ]);
      }
    }
    return { claimed: rows.length, alerts };
  }
}
