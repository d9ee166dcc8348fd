import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { ALLOCATOR_ACTOR, BedAllocator } from './bed-allocator';
import type { AllocationTrigger, CloseCause, Direction, Priority } from './domain/types';

interface ClosingRow {
  id: string;
  patient_id: string;
  nhs_number: string;
  direction: Direction;
  priority: Priority;
  status: 'waiting' | 'offered';
  unit_id: string | null;
  requested_at: Date;
  requested_by_team: string | null;
  waited_seconds: number;
  eligible_step_down: string;
  eligible_step_up: string;
}

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
 */
@Injectable()
export class BedRequestCloser {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
  ) {}

  /** Expires waiting step-up requests past the limit (at most `limit` per call). Returns how many. */
  async expireStepUps(em: EntityManager, now: Date, limit = 200): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.beds.stepUpExpiryHours * 3_600_000);
    const rows = await this.claim(
      em,
      `r.direction = 'step_up' AND r.status = 'waiting' AND GREATEST(r.requested_at, coalesce(r.earliest_at, r.requested_at)) <= $2`,
      `ORDER BY r.requested_at, r.id LIMIT ${Math.max(1, Math.floor(limit))}`,
      [cutoff],
      now,
      true,
    );
    await this.close(em, rows, 'expired', 'sweep', now);
    return rows.length;
  }

  /** The patient was admitted to an acute hospital: their open step-up request closes. Returns the ids closed. */
  async closeStepUpForHospitalAdmission(em: EntityManager, patientId: string, now: Date): Promise<string[]> {
    const rows = await this.claim(em, `r.patient_id = $2 AND r.direction = 'step_up' AND r.status IN ('waiting', 'offered')`, '', [patientId], now, false);
    await this.close(em, rows, 'admitted_to_hospital', 'hospital_admission', now);
    return rows.map((r) => r.id);
  }

  /**
   * Cancels a patient's open (waiting or offered) requests with a reason, withdrawing any standing
   * offer and passing its bed on. Not unmet demand and not a decision of the allocator: a plain
   * cancellation for another capability's reason (for example, the patient has died).
   */
  async cancelWaitingForPatient(em: EntityManager, patientId: string, reason: string): Promise<string[]> {
    const stays: { id: string; bed_id: string }[] = await em.query(
      `SELECT s.id, s.bed_id FROM bed_stays s JOIN bed_requests r ON r.id = s.request_id
       WHERE r.patient_id = $1 AND s.status = 'offered' ORDER BY s.id FOR UPDATE OF s`,
      [patientId],
    );
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM bed_requests WHERE patient_id = $1 AND status IN ('waiting', 'offered') ORDER BY requested_at, id FOR UPDATE`,
      [patientId],
    );
    await em.query(`UPDATE bed_requests SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [
      rows.map((r) => r.id),
      reason.slice(0, 500),
    ]);
    await this.withdraw(em, stays, reason, 'request_cancelled');
    return rows.map((r) => r.id);
  }

  /**
   * Locks the matching requests: their offered stays first, then the requests (the same order as
   * cancel, admit and decline, so no deadlock), re-checking the condition under the lock.
   * `where` uses $1 = now and the params from $2.
   */
  private async claim(em: EntityManager, where: string, tail: string, params: unknown[], now: Date, skipLocked: boolean): Promise<ClosingRow[]> {
    const candidates: { id: string }[] = await em.query(`SELECT r.id FROM bed_requests r WHERE $1::timestamptz IS NOT NULL AND ${where} ${tail}`, [now, ...params]);
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c.id);
    await em.query(`SELECT id FROM bed_stays WHERE request_id = ANY($1::uuid[]) AND status = 'offered' ORDER BY id FOR UPDATE`, [ids]);
    return em.query(
      `SELECT r.id, r.patient_id, p.nhs_number, r.direction, r.priority, r.status, r.unit_id, r.requested_at, r.requested_by_team,
              extract(epoch FROM ($1::timestamptz - GREATEST(r.requested_at, coalesce(r.earliest_at, r.requested_at))))::int AS waited_seconds,
              (SELECT count(*) FROM bed_requests o WHERE o.status = 'waiting' AND o.direction = 'step_down' AND o.id <> r.id) AS eligible_step_down,
              (SELECT count(*) FROM bed_requests o WHERE o.status = 'waiting' AND o.direction = 'step_up' AND o.id <> r.id) AS eligible_step_up
       FROM bed_requests r JOIN patients p ON p.id = r.patient_id
       WHERE r.id = ANY($${params.length + 2}::uuid[]) AND ${where}
       FOR UPDATE OF r${skipLocked ? ' SKIP LOCKED' : ''}`,
      [now, ...params, ids],
    );
  }

  private async close(em: EntityManager, rows: ClosingRow[], cause: CloseCause, trigger: AllocationTrigger, now: Date): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const offered: { id: string; bed_id: string }[] = await em.query(
      `SELECT id, bed_id FROM bed_stays WHERE request_id = ANY($1::uuid[]) AND status = 'offered' FOR UPDATE`,
      [ids],
    );
    await em.query(
      `UPDATE bed_requests SET status = CASE WHEN $2 = 'expired' THEN 'expired' ELSE 'cancelled' END, close_cause = $2,
         cancelled_at = $3, cancel_reason = $4, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids, cause, now, CLOSE_TEXT[cause]],
    );
    for (const r of rows) {
      await em.query(
        `INSERT INTO bed_allocations (at, event, unit_id, request_id, direction, reason, trigger, target, eligible_step_down, eligible_step_up,
           ineligible_waiting, waited_seconds, idle_seconds_while_waiting)
         VALUES ($1, 'closed', $2, $3, $4, $5, $6, (SELECT coalesce((SELECT step_down_target FROM bed_units WHERE id = $2), $7)),
           $8, $9, 0, $10, 0)`,
        [now, r.unit_id, r.id, r.direction, cause, trigger, this.config.beds.stepDownTarget, Number(r.eligible_step_down), Number(r.eligible_step_up), Math.max(0, r.waited_seconds)],
      );
    }
    const teams = new Set(
      ((await em.query('SELECT code FROM teams WHERE code = ANY($1::varchar[])', [rows.map((r) => r.requested_by_team).filter(Boolean)])) as { code: string }[]).map(
        (t) => t.code,
      ),
    );
    for (const r of rows) {
      if (!r.requested_by_team || !teams.has(r.requested_by_team)) continue;
      await this.alerts.raise(em, {
        type: cause === 'expired' ? 'bed_request_expired' : 'bed_request_closed',
        teamCodes: [r.requested_by_team],
        patientId: r.patient_id,
        detail: { requestId: r.id, direction: r.direction, priority: r.priority, cause, requestedAt: r.requested_at.toISOString() },
        dedupeKey: `bed_request_closed:${r.id}`,
      });
    }
    await this.audit.record(
      em,
      SYSTEM,
      rows.map((r) => ({ action: `bed_request.${cause}`, resourceType: 'bed_request', resourceId: r.id, patient: { id: r.patient_id, nhsNumber: r.nhs_number } })),
    );
    await this.withdraw(em, offered, CLOSE_TEXT[cause], trigger);
  }

  /** Withdraws standing offers, frees their beds from now, and gives them to the next in line. */
  private async withdraw(em: EntityManager, stays: { id: string; bed_id: string }[], reason: string, trigger: AllocationTrigger): Promise<void> {
    if (stays.length === 0) return;
    for (const s of stays) {
      await em.query(`UPDATE bed_stays SET status = 'withdrawn', ended_at = now(), end_reason = $2, updated_at = now() WHERE id = $1 AND status = 'offered'`, [
        s.id,
        reason.slice(0, 500),
      ]);
      await em.query(
        `UPDATE beds SET free_since = CASE WHEN state = 'open' THEN now() ELSE free_since END, version = version + 1, updated_at = now() WHERE id = $1`,
        [s.bed_id],
      );
    }
    await this.allocator.run(em, trigger);
  }
}
