import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { Clock } from '../../common/clock';
import { BedAllocationsRepository } from './bed-allocations.repository';
import { BedRequestsRepository } from './bed-requests.repository';
import { BedStaysRepository } from './bed-stays.repository';
import { BedUnitsRepository } from './bed-units.repository';
import { BedUnitNotFound } from './beds.errors';
import { BedsRepository } from './beds.repository';
import { idleWhileWaitingMs } from './domain/allocation-policy';
import { capacityPlan } from './domain/erlang';
import { BedRequestView, BedView, isEligible } from './domain/eligibility';
import { judgeMixOn, nextExcursion } from './domain/mix';
import type { MixBasis, MixStatus } from './domain/types';
import { BedUnitRow, toAllocationView } from './dto/views';

const DAY_MS = 86_400_000;
const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The mix of a unit over its window (step-down share of admissions and bed-days against the
 * target and its control limits), drift alerts, the decision log and the Erlang capacity plan.
 */
@Injectable()
export class BedMixService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly units: BedUnitsRepository,
    private readonly beds: BedsRepository,
    private readonly stays: BedStaysRepository,
    private readonly requests: BedRequestsRepository,
    private readonly decisions: BedAllocationsRepository,
  ) {}

  async mix(unitId: string, windowDays?: number) {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const unit = await this.units.unit(em, unitId);
      if (!unit) throw new BedUnitNotFound(`No bed unit ${unitId}`);
      const now = this.clock.now();
      const days = windowDays ?? unit.window_days;
      const from = new Date(now.getTime() - days * DAY_MS);
      const byDirection = await this.admissionsAndBedDays(em, unitId, from, now);
      const basis = this.basisOf(unit);
      const judgement = judgeMixOn(basis, unit.step_down_target, { stepDown: byDirection.step_down, stepUp: byDirection.step_up }, this.limitOptions());
      const totalBedDays = byDirection.step_down.bedDays + byDirection.step_up.bedDays;
      const n = byDirection.step_down.admissions + byDirection.step_up.admissions;
      const availableBedDays = (await this.beds.availableBedSeconds(em, unitId, from, now)) / 86_400;
      const logged = await this.decisions.summarySince(em, unitId, from);
      const idleMs = logged.idleSecondsWhileWaiting * 1000 + (await this.currentIdleWhileWaitingMs(em, unit, now));
      const counts = (await this.beds.counts(em, [unitId])).get(unitId);
      return {
        unitId,
        windowDays: days,
        from: from.toISOString(),
        to: now.toISOString(),
        stepDown: { admissions: byDirection.step_down.admissions, bedDays: round(byDirection.step_down.bedDays, 2) },
        stepUp: { admissions: byDirection.step_up.admissions, bedDays: round(byDirection.step_up.bedDays, 2) },
        stepDownShareOfAdmissions: n > 0 ? round(byDirection.step_down.admissions / n) : null,
        stepDownShareOfBedDays: totalBedDays > 0 ? round(byDirection.step_down.bedDays / totalBedDays) : null,
        // The share the target and limits judge: of admissions or of bed-days, as the unit (or BEDS_MIX_BASIS) says.
        basis,
        stepDownShare: judgement.stepDownShare === null ? null : round(judgement.stepDownShare),
        target: unit.step_down_target,
        lowerLimit: round(judgement.lowerLimit),
        upperLimit: round(judgement.upperLimit),
        status: judgement.status,
        judged: judgement.judged,
        idleBedHoursWhileWaiting: round(idleMs / 3_600_000, 2),
        // The cost of clinical priority, told honestly: offers that went against the mix because the
        // under-target direction waited only at a lower priority.
        decisions: { offers: logged.offers, againstMixForPriority: logged.againstMixForPriority },
        occupancy: availableBedDays > 0 ? round(totalBedDays / availableBedDays) : null,
        beds: counts,
      };
    });
  }

  /**
   * Re-judges a unit's mix after an admission (or as the window slides) and raises one
   * `bed_mix_drift` alert to the unit's team per excursion outside the control limits.
   */
  async evaluateDrift(em: EntityManager, unitId: string): Promise<{ status: MixStatus; raised: boolean }> {
    const unit = await this.units.lock(em, unitId);
    if (!unit) throw new BedUnitNotFound(`No bed unit ${unitId}`);
    const now = this.clock.now();
    const from = new Date(now.getTime() - unit.window_days * DAY_MS);
    const d = await this.admissionsAndBedDays(em, unitId, from, now);
    const judgement = judgeMixOn(this.basisOf(unit), unit.step_down_target, { stepDown: d.step_down, stepUp: d.step_up }, this.limitOptions());
    const next = nextExcursion(unit.mix_status, judgement.status, unit.mix_excursions);
    if (judgement.status !== unit.mix_status || next.excursions !== unit.mix_excursions) {
      await this.units.setMix(em, unitId, judgement.status, next.excursions);
    }
    let raised = false;
    if (next.raise) {
      const ids = await this.alerts.raise(em, {
        type: 'bed_mix_drift',
        teamCodes: [unit.team_code],
        detail: {
          unitId,
          unitName: unit.name,
          status: judgement.status,
          stepDownShare: judgement.stepDownShare === null ? null : round(judgement.stepDownShare),
          target: unit.step_down_target,
          lowerLimit: round(judgement.lowerLimit),
          upperLimit: round(judgement.upperLimit),
          admissions: d.step_down.admissions + d.step_up.admissions,
          windowDays: unit.window_days,
        },
        dedupeKey: `bed_mix_drift:${unitId}:${next.excursions}`,
      });
      raised = ids.length > 0;
    }
    return { status: judgement.status, raised };
  }

  /** Newest first (at, id descending). */
  async allocations(q: { unit?: string; limit: number; cursor?: string }): Promise<Page<ReturnType<typeof toAllocationView>>> {
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    return this.db.transaction(async (em) => {
      if (q.unit && !(await this.units.unit(em, q.unit))) throw new BedUnitNotFound(`No bed unit ${q.unit}`);
      const rows = await this.decisions.list(em, { unitId: q.unit, before: after, limit: q.limit + 1 });
      return toPage(rows, q.limit, (r) => [r.cursorAt, r.id], toAllocationView);
    });
  }

  capacityPlan(q: { arrivalsPerWeek: number; meanLengthOfStayDays: number; maxRefusalRate: number }) {
    try {
      const plan = capacityPlan(q.arrivalsPerWeek, q.meanLengthOfStayDays, q.maxRefusalRate);
      return {
        model: 'erlang_b',
        arrivalsPerWeek: q.arrivalsPerWeek,
        meanLengthOfStayDays: q.meanLengthOfStayDays,
        maxRefusalRate: q.maxRefusalRate,
        offeredLoad: round(plan.offeredLoad),
        bedsNeeded: plan.bedsNeeded,
        refusalRate: round(plan.refusalRate, 6),
        expectedOccupancy: round(plan.expectedOccupancy),
      };
    } catch (e) {
      if (e instanceof RangeError) throw new ValidationFailed(e.message);
      throw e;
    }
  }

  basisOf(unit: Pick<BedUnitRow, 'mix_basis'>): MixBasis {
    return unit.mix_basis ?? this.config.beds.mixBasis;
  }

  limitOptions() {
    return { sigma: this.config.beds.controlLimitSigma, minAdmissions: this.config.beds.mixMinAdmissions };
  }

  /** Admissions in [from, now] and bed-days of stays overlapping it, by direction. */
  async admissionsAndBedDays(em: EntityManager, unitId: string, from: Date, now: Date) {
    const rows = await this.stays.admissionsAndBedSeconds(em, unitId, from, now);
    const out = { step_down: { admissions: 0, bedDays: 0 }, step_up: { admissions: 0, bedDays: 0 } };
    for (const r of rows) out[r.direction] = { admissions: r.admissions, bedDays: Math.max(0, r.bedSeconds) / 86_400 };
    return out;
  }

  /** Free beds of the unit standing idle right now while someone eligible for them waits. */
  private async currentIdleWhileWaitingMs(em: EntityManager, unit: BedUnitRow, now: Date): Promise<number> {
    const free = await this.beds.freeInUnit(em, unit.id);
    if (free.length === 0) return 0;
    const requests: BedRequestView[] = (await this.requests.waitingForUnit(em, unit.id)).map((r) => ({ ...r, preferredLocality: null }));
    let total = 0;
    for (const b of free) {
      const bed: BedView = {
        id: b.id,
        unitId: unit.id,
        label: b.label,
        capabilities: b.capabilities,
        allowedPurposes: unit.allowed_purposes,
        locality: unit.locality,
        freeSince: b.freeSince,
      };
      total += idleWhileWaitingMs(bed, requests.filter((r) => isEligible(r, bed, now)), now);
    }
    return total;
  }
}
