import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { Clock } from '../../common/clock';
import { ReferralBreachesRepository } from './referral-breaches.repository';
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
  constructor(
    private readonly db: DataSource,
    private readonly alerts: AlertsService,
    private readonly repo: ReferralsRepository,
    private readonly breaches: ReferralBreachesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('referral_breach_check', config.referrals.breachCheckIntervalSeconds * 1000);
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
    const rows = await this.breaches.claimTriageBreaches(em, now, batch);
    let alerts = 0;
    for (const r of rows) {
      const created = await this.alerts.raise(em, {
        type: 'referral_breach',
        teamCodes: [r.spoaTeamCode],
        patientId: r.patientId,
        detail: { referralId: r.id, stage: 'triage', urgency: r.urgency, respondBy: r.respondBy.toISOString() },
        dedupeKey: `referral_breach:triage:${r.id}`,
      });
      alerts += created.length;
      await this.breaches.markTriageAlerted(em, r.id, now);
      if (created.length) {
        await this.repo.addEvents(em, r.id, SYSTEM, [
          { action: 'breached', from: 'awaiting_triage', to: 'awaiting_triage', teamCode: r.spoaTeamCode, detail: { stage: 'triage', respondBy: r.respondBy.toISOString() } },
        ]);
      }
    }
    return { claimed: rows.length, alerts };
  }

  private async responseBreaches(em: EntityManager, now: Date, batch: number) {
    const rows = await this.breaches.claimResponseBreaches(em, now, batch);
    let alerts = 0;
    for (const d of rows) {
      const created = await this.alerts.raise(em, {
        type: 'referral_breach',
        teamCodes: [d.teamCode, d.spoaTeamCode],
        patientId: d.patientId,
        detail: {
          referralId: d.referralId,
          destinationId: d.id,
          stage: 'response',
          service: d.service,
          teamCode: d.teamCode,
          urgency: d.urgency,
          respondBy: d.respondBy.toISOString(),
        },
        dedupeKey: `referral_breach:${d.id}:${d.teamCode}`,
      });
      alerts += created.length;
      await this.breaches.markResponseAlerted(em, d.id, now);
      if (created.length) {
        await this.repo.addEvents(em, d.referralId, SYSTEM, [
          {
            action: 'breached',
            from: d.status,
            to: d.status,
            teamCode: d.teamCode,
            destinationId: d.id,
            detail: { stage: 'response', service: d.service, respondBy: d.respondBy.toISOString() },
          },
        ]);
      }
    }
    return { claimed: rows.length, alerts };
  }
}
