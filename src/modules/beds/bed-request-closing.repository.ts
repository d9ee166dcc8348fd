import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloseCause, Direction, Priority } from './domain/types';

/** A request being closed without a bed, with what the decision log records of it. */
export interface ClosingRequest {
  id: string;
  patientId: string;
  nhsNumber: string;
  direction: Direction;
  priority: Priority;
  status: 'waiting' | 'offered';
  unitId: string | null;
  requestedAt: Date;
  requestedByTeam: string | null;
  waitedSeconds: number;
  eligibleStepDown: number;
  eligibleStepUp: number;
}

/** Step-up requests still waiting past the cutoff ($2). */
const STEP_UP_EXPIRED = `r.direction = 'step_up' AND r.status = 'waiting' AND GREATEST(r.requested_at, coalesce(r.earliest_at, r.requested_at)) <= $2`;

/** The patient's ($2) open step-up requests. */
const STEP_UP_OPEN_OF_PATIENT = `r.patient_id = $2 AND r.direction = 'step_up' AND r.status IN ('waiting', 'offered')`;

/** The closing requests r as of $1 (now), with how long each waited and who else was waiting. */
const SELECT_CLOSING = `
  SELECT r.id, r.patient_id, p.nhs_number, r.direction, r.priority, r.status, r.unit_id, r.requested_at, r.requested_by_team,
         extract(epoch FROM ($1::timestamptz - GREATEST(r.requested_at, coalesce(r.earliest_at, r.requested_at))))::int AS waited_seconds,
         (SELECT count(*) FROM bed_requests o WHERE o.status = 'waiting' AND o.direction = 'step_down' AND o.id <> r.id) AS eligible_step_down,
         (SELECT count(*) FROM bed_requests o WHERE o.status = 'waiting' AND o.direction = 'step_up' AND o.id <> r.id) AS eligible_step_up
  FROM bed_requests r JOIN patients p ON p.id = r.patient_id`;

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

const toClosing = (r: ClosingRow): ClosingRequest => ({
  id: r.id,
  patientId: r.patient_id,
  nhsNumber: r.nhs_number,
  direction: r.direction,
  priority: r.priority,
  status: r.status,
  unitId: r.unit_id,
  requestedAt: r.requested_at,
  requestedByTeam: r.requested_by_team,
  waitedSeconds: r.waited_seconds,
  eligibleStepDown: Number(r.eligible_step_down),
  eligibleStepUp: Number(r.eligible_step_up),
});

/**
 * bed_requests closed without a bed (step-up demand expired, or the patient admitted to hospital).
 * Each close is found unlocked first, then locked (after its offered stays, by the caller) and
 * re-checked under the lock.
 */
@Injectable()
export class BedRequestClosingRepository {
  /** Waiting step-up requests past the cutoff, oldest first, at most `limit`. */
  async expiredStepUps(em: EntityManager, now: Date, cutoff: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT r.id FROM bed_requests r WHERE $1::timestamptz IS NOT NULL AND ${STEP_UP_EXPIRED} ORDER BY r.requested_at, r.id LIMIT $3`,
      [now, cutoff, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Locks those of `ids` still expired, skipping any another transaction holds (another instance is closing it). */
  async lockExpiredStepUps(em: EntityManager, ids: string[], now: Date, cutoff: Date): Promise<ClosingRequest[]> {
    const rows: ClosingRow[] = await em.query(`${SELECT_CLOSING} WHERE r.id = ANY($3::uuid[]) AND ${STEP_UP_EXPIRED} FOR UPDATE OF r SKIP LOCKED`, [now, cutoff, ids]);
    return rows.map(toClosing);
  }

  async openStepUpsOfPatient(em: EntityManager, now: Date, patientId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT r.id FROM bed_requests r WHERE $1::timestamptz IS NOT NULL AND ${STEP_UP_OPEN_OF_PATIENT}`, [now, patientId]);
    return rows.map((r) => r.id);
  }

  /** Locks those of `ids` still open (waiting for any lock held). */
  async lockOpenStepUpsOfPatient(em: EntityManager, ids: string[], now: Date, patientId: string): Promise<ClosingRequest[]> {
    const rows: ClosingRow[] = await em.query(`${SELECT_CLOSING} WHERE r.id = ANY($3::uuid[]) AND ${STEP_UP_OPEN_OF_PATIENT} FOR UPDATE OF r`, [now, patientId, ids]);
    return rows.map(toClosing);
  }

  /** Closes the requests: `expired` or `cancelled`, with the cause and its text. */
  async close(em: EntityManager, ids: string[], cause: CloseCause, at: Date, text: string): Promise<void> {
    await em.query(
      `UPDATE bed_requests SET status = CASE WHEN $2 = 'expired' THEN 'expired' ELSE 'cancelled' END, close_cause = $2,
         cancelled_at = $3, cancel_reason = $4, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids, cause, at, text],
    );
  }
}
