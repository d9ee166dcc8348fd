import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { RequestContext } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { BedAllocationsRepository } from './bed-allocations.repository';
import { BedReferencesRepository } from './bed-references.repository';
import { BedRequestsRepository, WaitingRequest } from './bed-requests.repository';
import { BedStaysRepository } from './bed-stays.repository';
import { BedsRepository, FreeBed } from './beds.repository';
import { Assignment, MixWindow, planAllocations } from './domain/allocation-policy';
import type { AllocationTrigger } from './domain/types';

/** The allocator acts for nobody in particular: its audit events name it. */
export const ALLOCATOR_ACTOR = 'system:bed-allocator';

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
    private readonly clock: Clock,
    private readonly decisions: BedAllocationsRepository,
    private readonly beds: BedsRepository,
    private readonly requests: BedRequestsRepository,
    private readonly stays: BedStaysRepository,
    private readonly references: BedReferencesRepository,
  ) {}

  async run(em: EntityManager, trigger: AllocationTrigger, ctx?: RequestContext): Promise<OfferMade[]> {
    await this.decisions.lockAllocator(em);
    const now = this.clock.now();
    const beds = await this.beds.freeForUpdate(em);
    if (beds.length === 0) return [];
    const waiting = await this.requests.waitingForUpdate(em, now);
    if (waiting.length === 0) return [];

    const mixes = await this.allocationMixes(em, [...new Set(beds.map((b) => b.unitId))], now);
    const plan = planAllocations(beds, waiting, mixes, now, { overdueHours: this.config.beds.overdueHours });
    if (plan.length === 0) return [];

    // Alerts need teams that exist; a requesting team named in a token may not.
    const teams = await this.references.existingTeams(em, [...new Set(plan.flatMap((a) => [a.bed.teamCode, a.choice.request.requestedByTeam ?? '']).filter(Boolean))]);
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
        patient: { id: a.choice.request.patientId, nhsNumber: a.choice.request.nhsNumber },
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
    const rows = await this.stays.allocationMix(em, unitIds, now);
    return new Map(
      rows.map((r) =>
        (r.mixBasis ?? this.config.beds.mixBasis) === 'bed_days'
          ? [r.unitId, { target: r.stepDownTarget, stepDown: r.downDays, stepUp: r.upDays }]
          : [r.unitId, { target: r.stepDownTarget, stepDown: r.down, stepUp: r.up }],
      ),
    );
  }

  private async offer(em: EntityManager, a: Assignment<WaitingRequest, FreeBed>, trigger: AllocationTrigger, now: Date, teams: Set<string>): Promise<OfferMade> {
    const { bed, choice } = a;
    const r = choice.request;
    const stayId = await this.stays.insertOffer(em, { requestId: r.id, bedId: bed.id, unitId: bed.unitId, patientId: r.patientId, direction: r.direction, at: now });
    await this.requests.setStatus(em, r.id, 'offered');
    await this.beds.touch(em, bed.id);
    await this.decisions.logOffer(em, {
      at: now,
      unitId: bed.unitId,
      bedId: bed.id,
      requestId: r.id,
      stayId,
      direction: r.direction,
      reason: choice.reason,
      trigger,
      stepDownShareBefore: choice.stepDownShareBefore,
      target: choice.target,
      underTargetDirection: choice.underTargetDirection,
      underTargetDirectionWaiting: choice.underTargetDirectionWaiting,
      eligibleStepDown: choice.eligibleWaiting.stepDown,
      eligibleStepUp: choice.eligibleWaiting.stepUp,
      ineligibleWaiting: choice.ineligibleWaiting,
      waitedSeconds: Math.round(choice.waitedMs / 1000),
      idleSecondsWhileWaiting: Math.round(choice.idleWhileWaitingMs / 1000),
      againstMixForPriority: choice.againstMixForPriority,
    });
    await this.alerts.raise(em, {
      type: 'bed_offer',
      teamCodes: [bed.teamCode, r.requestedByTeam ?? ''].filter((t) => teams.has(t)),
      patientId: r.patientId,
      detail: {
        stayId,
        requestId: r.id,
        bedId: bed.id,
        bedLabel: bed.label,
        unitId: bed.unitId,
        unitName: bed.unitName,
        direction: r.direction,
        priority: r.priority,
      },
      dedupeKey: `bed_offer:${stayId}`,
    });
    return { stayId, requestId: r.id, bedId: bed.id, unitId: bed.unitId };
  }
}
