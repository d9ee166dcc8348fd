import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { ALLOCATION_MIX, FREE_BEDS_FOR_UPDATE, WAITING_FOR_UPDATE } from './beds.queries';
import { Assignment, MixWindow, planAllocations } from './domain/allocation-policy';
import type { BedRequestView, BedView } from './domain/eligibility';
import type { AllocationTrigger, Capability, Direction, MixBasis, Priority, Purpose } from './domain/types';

/** Every instance takes this transaction-scoped advisory lock to allocate (see run()). */
export const BED_ALLOCATOR_LOCK = 727_372_007;

/** The allocator acts for nobody in particular: its audit events name it. */
export const ALLOCATOR_ACTOR = 'system:bed-allocator';

interface FreeBedRow {
  id: string;
  unit_id: string;
  label: string;
  capabilities: Capability[];
  free_since: Date | null;
  locality: string;
  allowed_purposes: Purpose[] | null;
  team_code: string;
  unit_name: string;
}

interface WaitingRow {
  id: string;
  patient_id: string;
  nhs_number: string | null;
  direction: Direction;
  priority: Priority;
  needs: Capability[];
  purpose: Purpose | null;
  requested_at: Date;
  earliest_at: Date | null;
  unit_id: string | null;
  preferred_locality: string | null;
  excluded_unit_ids: string[];
  requested_by_team: string | null;
}

type Bed = BedView & { row: FreeBedRow };
type Waiting = BedRequestView & { row: WaitingRow };

export interface OfferMade {
  stayId: string;
  requestId: string;
  bedId: string;
  unitId: string;
}

/**
 * Runs the allocation policy inside the caller's transaction, whenever a request arrives or a bed
 * becomes available. Safety across any number of instances:
 * - a transaction-scoped advisory lock serialises allocation runs, and each run reads the state
 *   after taking it, so a request committed by one transaction is seen by the next run (nobody is
 *   left waiting beside a free bed because two transactions could not see each other's rows);
 * - beds and requests are then locked FOR UPDATE SKIP LOCKED: a row another transaction is changing
 *   (closing a bed, cancelling a request) is skipped, never waited on, so no deadlock; that
 *   transaction runs the allocator itself before it commits;
 * - the partial unique indexes on bed_stays make a second active stay for a bed or a patient
 *   impossible whatever happens above.
 */
@Injectable()
export class BedAllocator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
  ) {}

  async run(em: EntityManager, trigger: AllocationTrigger, ctx?: RequestContext): Promise<OfferMade[]> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [BED_ALLOCATOR_LOCK]);
    const now = new Date();
    const freeRows: FreeBedRow[] = await em.query(FREE_BEDS_FOR_UPDATE);
    if (freeRows.length === 0) return [];
    const waitingRows: WaitingRow[] = await em.query(WAITING_FOR_UPDATE, [now]);
    if (waitingRows.length === 0) return [];

    const beds: Bed[] = freeRows.map((row) => ({
      id: row.id,
      unitId: row.unit_id,
      label: row.label,
      capabilities: row.capabilities,
      allowedPurposes: row.allowed_purposes,
      locality: row.locality,
      freeSince: row.free_since,
      row,
    }));
    const waiting: Waiting[] = waitingRows.map((row) => ({
      id: row.id,
      direction: row.direction,
      priority: row.priority,
      needs: row.needs,
      purpose: row.purpose,
      requestedAt: row.requested_at,
      earliestAt: row.earliest_at,
      unitId: row.unit_id,
      preferredLocality: row.preferred_locality,
      excludedUnitIds: row.excluded_unit_ids,
      row,
    }));
    const mixes = await this.allocationMixes(em, [...new Set(beds.map((b) => b.unitId))], now);
    const plan = planAllocations(beds, waiting, mixes, now, { overdueHours: this.config.beds.overdueHours });
    if (plan.length === 0) return [];

    const teams = await this.existingTeams(em, plan);
    const offers: OfferMade[] = [];
    for (const a of plan) offers.push(await this.offer(em, a, trigger, now, teams));
    const actor: RequestContext = {
      principal: { sub: ALLOCATOR_ACTOR, name: 'Bed allocator', roles: [], teams: [], permissions: new Set() },
      correlationId: ctx?.correlationId ?? '',
    };
    await this.audit.record(
      em,
      actor,
      plan.map((a, i) => ({
        action: 'bed_stay.offer',
        resourceType: 'bed_stay',
        resourceId: offers[i].stayId,
        patient: { id: a.choice.request.row.patient_id, nhsNumber: a.choice.request.row.nhs_number },
      })),
    );
    return offers;
  }

  /**
   * Per unit, over its own window: offers that stand or were taken up (mix on admissions), or the
   * bed-days used, each new offer counting one (mix on bed-days). planAllocations adds one per
   * assignment it makes either way.
   */
  private async allocationMixes(em: EntityManager, unitIds: string[], now: Date): Promise<Map<string, MixWindow>> {
    const rows: { id: string; step_down_target: number; mix_basis: MixBasis | null; down: string; up: string; down_days: string; up_days: string }[] =
      await em.query(ALLOCATION_MIX, [unitIds, now]);
    return new Map(
      rows.map((r) =>
        (r.mix_basis ?? this.config.beds.mixBasis) === 'bed_days'
          ? [r.id, { target: r.step_down_target, stepDown: Number(r.down_days), stepUp: Number(r.up_days) }]
          : [r.id, { target: r.step_down_target, stepDown: Number(r.down), stepUp: Number(r.up) }],
      ),
    );
  }

  /** Alerts need teams that exist; a requesting team named in a token may not. */
  private async existingTeams(em: EntityManager, plan: Assignment<Waiting, Bed>[]): Promise<Set<string>> {
    const wanted = [...new Set(plan.flatMap((a) => [a.bed.row.team_code, a.choice.request.row.requested_by_team ?? '']).filter(Boolean))];
    const rows: { code: string }[] = await em.query('SELECT code FROM teams WHERE code = ANY($1::varchar[])', [wanted]);
    return new Set(rows.map((r) => r.code));
  }

  private async offer(em: EntityManager, a: Assignment<Waiting, Bed>, trigger: AllocationTrigger, now: Date, teams: Set<string>): Promise<OfferMade> {
    const { bed, choice } = a;
    const r = choice.request.row;
    const [stay]: { id: string }[] = await em.query(
      `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at)
       VALUES ($1, $2, $3, $4, $5, 'offered', $6) RETURNING id`,
      [r.id, bed.id, bed.unitId, r.patient_id, r.direction, now],
    );
    await em.query(`UPDATE bed_requests SET status = 'offered', updated_at = now() WHERE id = $1`, [r.id]);
    await em.query('UPDATE beds SET version = version + 1, updated_at = now() WHERE id = $1', [bed.id]);
    await em.query(
      `INSERT INTO bed_allocations (at, unit_id, bed_id, request_id, stay_id, direction, reason, trigger, step_down_share_before, target,
         under_target_direction, under_target_direction_waiting, eligible_step_down, eligible_step_up, ineligible_waiting,
         waited_seconds, idle_seconds_while_waiting, against_mix_for_priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        now,
        bed.unitId,
        bed.id,
        r.id,
        stay.id,
        r.direction,
        choice.reason,
        trigger,
        choice.stepDownShareBefore,
        choice.target,
        choice.underTargetDirection,
        choice.underTargetDirectionWaiting,
        choice.eligibleWaiting.stepDown,
        choice.eligibleWaiting.stepUp,
        choice.ineligibleWaiting,
        Math.round(choice.waitedMs / 1000),
        Math.round(choice.idleWhileWaitingMs / 1000),
        choice.againstMixForPriority,
      ],
    );
    await this.alerts.raise(em, {
      type: 'bed_offer',
      teamCodes: [bed.row.team_code, r.requested_by_team ?? ''].filter((t) => teams.has(t)),
      patientId: r.patient_id,
      detail: {
        stayId: stay.id,
        requestId: r.id,
        bedId: bed.id,
        bedLabel: bed.label,
        unitId: bed.unitId,
        unitName: bed.row.unit_name,
        direction: r.direction,
        priority: r.priority,
      },
      dedupeKey: `bed_offer:${stay.id}`,
    });
    return { stayId: stay.id, requestId: r.id, bedId: bed.id, unitId: bed.unitId };
  }
}
