import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import type { AllocationReason } from './domain/allocation-policy';
import type { AllocationTrigger, CloseCause, Direction } from './domain/types';
import type { AllocationRow } from './dto/views';

/** Every instance takes this transaction-scoped advisory lock to allocate (see BedAllocator.run()). */
export const BED_ALLOCATOR_LOCK = 727_372_007;

/** An offer as the decision log records it. */
export interface OfferDecision {
  at: Date;
  unitId: string;
  bedId: string;
  requestId: string;
  stayId: string;
  direction: Direction;
  reason: AllocationReason;
  trigger: AllocationTrigger;
  stepDownShareBefore: number | null;
  target: number;
  underTargetDirection: Direction | null;
  underTargetDirectionWaiting: boolean | null;
  eligibleStepDown: number;
  eligibleStepUp: number;
  ineligibleWaiting: number;
  waitedSeconds: number;
  idleSecondsWhileWaiting: number;
  againstMixForPriority: boolean;
}

/** A request closed without a bed, as the decision log records it. */
export interface CloseDecision {
  at: Date;
  unitId: string | null;
  requestId: string;
  direction: Direction;
  cause: CloseCause;
  trigger: AllocationTrigger;
  /** The target recorded when the request names no unit. */
  defaultTarget: number;
  eligibleStepDown: number;
  eligibleStepUp: number;
  waitedSeconds: number;
}

export interface DecisionFilter {
  unitId?: string;
  /** Keyset: (at, id) before these. */
  before?: [string, string];
  limit: number;
}

/** What the decision log says of a unit since a moment. */
export interface DecisionSummary {
  idleSecondsWhileWaiting: number;
  offers: number;
  againstMixForPriority: number;
}

/** bed_allocations: the allocator's decision log (offers and closes), and the lock that serialises the allocator. */
@Injectable()
export class BedAllocationsRepository {
  /** Serialises allocation runs across instances until the transaction ends. */
  async lockAllocator(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [BED_ALLOCATOR_LOCK]);
  }

  async logOffer(em: EntityManager, d: OfferDecision): Promise<void> {
    await em.query(
      `INSERT INTO bed_allocations (at, unit_id, bed_id, request_id, stay_id, direction, reason, trigger, step_down_share_before, target,
         under_target_direction, under_target_direction_waiting, eligible_step_down, eligible_step_up, ineligible_waiting,
         waited_seconds, idle_seconds_while_waiting, against_mix_for_priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        d.at,
        d.unitId,
        d.bedId,
        d.requestId,
        d.stayId,
        d.direction,
        d.reason,
        d.trigger,
        d.stepDownShareBefore,
        d.target,
        d.underTargetDirection,
        d.underTargetDirectionWaiting,
        d.eligibleStepDown,
        d.eligibleStepUp,
        d.ineligibleWaiting,
        d.waitedSeconds,
        d.idleSecondsWhileWaiting,
        d.againstMixForPriority,
      ],
    );
  }

  /** The target recorded is the request's unit's, else the default. */
  async logClose(em: EntityManager, d: CloseDecision): Promise<void> {
    await em.query(
      `INSERT INTO bed_allocations (at, event, unit_id, request_id, direction, reason, trigger, target, eligible_step_down, eligible_step_up,
         ineligible_waiting, waited_seconds, idle_seconds_while_waiting)
       VALUES ($1, 'closed', $2, $3, $4, $5, $6, (SELECT coalesce((SELECT step_down_target FROM bed_units WHERE id = $2), $7)),
         $8, $9, 0, $10, 0)`,
      [d.at, d.unitId, d.requestId, d.direction, d.cause, d.trigger, d.defaultTarget, d.eligibleStepDown, d.eligibleStepUp, d.waitedSeconds],
    );
  }

  /** Newest first (at, id descending): `limit` decisions before the cursor. */
  list(em: EntityManager, f: DecisionFilter): Promise<(AllocationRow & CursorAt)[]> {
    const p = new SqlParams([f.limit]);
    const where: string[] = [];
    if (f.unitId) where.push(`unit_id = ${p.add(f.unitId)}`);
    if (f.before) where.push(p.keyset('at, id', '<', f.before));
    return em.query(`SELECT *, ${selectCursorAt('at')} FROM bed_allocations WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY at DESC, id DESC LIMIT $1`, p.values);
  }

  async summarySince(em: EntityManager, unitId: string, from: Date): Promise<DecisionSummary> {
    const rows: { seconds: string | null; offers: string; against: string }[] = await em.query(
      `SELECT sum(idle_seconds_while_waiting) AS seconds, count(*) FILTER (WHERE event = 'offer') AS offers,
              count(*) FILTER (WHERE against_mix_for_priority) AS against
       FROM bed_allocations WHERE unit_id = $1 AND at > $2`,
      [unitId, from],
    );
    return { idleSecondsWhileWaiting: Number(rows[0]?.seconds ?? 0), offers: Number(rows[0]?.offers ?? 0), againstMixForPriority: Number(rows[0]?.against ?? 0) };
  }
}
