import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { BedAllocationsRepository } from './bed-allocations.repository';
import { ALLOCATOR_ACTOR, BedAllocator } from './bed-allocator';
import { BedReferencesRepository } from './bed-references.repository';
import { BedRequestClosingRepository, ClosingRequest } from './bed-request-closing.repository';
import { BedRequestsRepository } from './bed-requests.repository';
import { BedStaysRepository, OfferedStay } from './bed-stays.repository';
import { BedsRepository } from './beds.repository';
import type { AllocationTrigger, CloseCause } from './domain/types';

const CLOSE_TEXT: Record<CloseCause, string> = {
  expired: 'Not placed in time: step-up demand expired',
  admitted_to_hospital: 'Admitted to an acute hospital',
};

const SYSTEM: RequestContext = {
  principal: { sub: ALLOCATOR_ACTOR, name: 'Bed allocator', roles: [], teams: [], permissions: new Set() },
  correlationId: '',
};

/**
 * Closes bed requests without a bed, for reasons outside anyone's request:
 * - step-up demand expires: a step-up request not placed within BEDS_STEP_UP_EXPIRY_HOURS of
 *   waiting exists to avoid tonight's admission, so once that moment has passed it closes as
 *   `expired` and the requesting team is alerted to think again (the sweeper runs it; rows are
 *   claimed FOR UPDATE SKIP LOCKED, so any number of instances may run it at once);
 * - the patient is admitted to an acute hospital: the step-up request closes (called by the
 *   admissions pipeline through its hook registry), so it no longer blocks the step-down request
 *   that follows; a standing offer is withdrawn and its bed goes to the next in line.
 * Both are written to the decision log (event 'closed') and count as unmet demand.
 * Also offers cancelWaitingForPatient for other capabilities (e.g. a patient who has died).
 *
 * Locks are taken in one order everywhere (the same as cancel, admit and decline): the offered
 * stays first, then the requests, re-checking the condition under the lock. So no deadlock.
 */
@Injectable()
export class BedRequestCloser {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly closing: BedRequestClosingRepository,
    private readonly requests: BedRequestsRepository,
    private readonly stays: BedStaysRepository,
    private readonly beds: BedsRepository,
    private readonly decisions: BedAllocationsRepository,
    private readonly references: BedReferencesRepository,
  ) {}

  /** Expires waiting step-up requests past the limit (at most `limit` per call). Returns how many. */
  async expireStepUps(em: EntityManager, now: Date, limit = 200): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.beds.stepUpExpiryHours * 3_600_000);
    const ids = await this.closing.expiredStepUps(em, now, cutoff, Math.max(1, Math.floor(limit)));
    if (ids.length === 0) return 0;
    await this.stays.lockOfferedForRequests(em, ids);
    const rows = await this.closing.lockExpiredStepUps(em, ids, now, cutoff);
    await this.close(em, rows, 'expired', 'sweep', now);
    return rows.length;
  }

  /** The patient was admitted to an acute hospital: their open step-up request closes. Returns the ids closed. */
  async closeStepUpForHospitalAdmission(em: EntityManager, patientId: string, now: Date): Promise<string[]> {
    const ids = await this.closing.openStepUpsOfPatient(em, now, patientId);
    if (ids.length === 0) return [];
    await this.stays.lockOfferedForRequests(em, ids);
    const rows = await this.closing.lockOpenStepUpsOfPatient(em, ids, now, patientId);
    await this.close(em, rows, 'admitted_to_hospital', 'hospital_admission', now);
    return rows.map((r) => r.id);
  }

  /**
   * Cancels a patient's open (waiting or offered) requests with a reason, withdrawing any standing
   * offer and passing its bed on. Not unmet demand and not a decision of the allocator: a plain
   * cancellation for another capability's reason (for example, the patient has died).
   */
  async cancelWaitingForPatient(em: EntityManager, patientId: string, reason: string): Promise<string[]> {
    const stays = await this.stays.lockOfferedForPatient(em, patientId);
    const ids = await this.requests.lockOpenOfPatient(em, patientId);
    await this.requests.cancel(em, ids, reason.slice(0, 500));
    await this.withdraw(em, stays, reason, 'request_cancelled');
    return ids;
  }

  private async close(em: EntityManager, rows: ClosingRequest[], cause: CloseCause, trigger: AllocationTrigger, now: Date): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const offered = await this.stays.lockOfferedForRequests(em, ids);
    await this.closing.close(em, ids, cause, now, CLOSE_TEXT[cause]);
    for (const r of rows) {
      await this.decisions.logClose(em, {
        at: now,
        unitId: r.unitId,
        requestId: r.id,
        direction: r.direction,
        cause,
        trigger,
        defaultTarget: this.config.beds.stepDownTarget,
        eligibleStepDown: r.eligibleStepDown,
        eligibleStepUp: r.eligibleStepUp,
        waitedSeconds: Math.max(0, r.waitedSeconds),
      });
    }
    const teams = await this.references.existingTeams(em, rows.map((r) => r.requestedByTeam).filter((t): t is string => Boolean(t)));
    for (const r of rows) {
      if (!r.requestedByTeam || !teams.has(r.requestedByTeam)) continue;
      await this.alerts.raise(em, {
        type: cause === 'expired' ? 'bed_request_expired' : 'bed_request_closed',
        teamCodes: [r.requestedByTeam],
        patientId: r.patientId,
        detail: { requestId: r.id, direction: r.direction, priority: r.priority, cause, requestedAt: r.requestedAt.toISOString() },
        dedupeKey: `bed_request_closed:${r.id}`,
      });
    }
    await this.audit.record(
      em,
      SYSTEM,
      rows.map((r) => ({ action: `bed_request.${cause}`, resourceType: 'bed_request', resourceId: r.id, patient: { id: r.patientId, nhsNumber: r.nhsNumber } })),
    );
    await this.withdraw(em, offered, CLOSE_TEXT[cause], trigger);
  }

  /** Withdraws standing offers, frees their beds from now, and gives them to the next in line. */
  private async withdraw(em: EntityManager, stays: OfferedStay[], reason: string, trigger: AllocationTrigger): Promise<void> {
    if (stays.length === 0) return;
    for (const s of stays) {
      await this.stays.withdraw(em, s.id, reason.slice(0, 500));
      await this.beds.release(em, s.bedId);
    }
    await this.allocator.run(em, trigger);
  }
}
