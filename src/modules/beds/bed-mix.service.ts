import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertsService } from '../alerts/alerts.service';
import { BedUnitNotFound } from './beds.errors';
import { ACTIVE_STAY, ADMISSIONS_AND_BED_SECONDS, bedCounts, loadUnit } from './beds.queries';
import { idleWhileWaitingMs } from './domain/allocation-policy';
import { capacityPlan } from './domain/erlang';
import { BedRequestView, BedView, isEligible } from './domain/eligibility';
import { judgeMixOn, nextExcursion } from './domain/mix';
import type { Capability, Direction, MixBasis, MixStatus, Purpose } from './domain/types';
import { AllocationRow, BedUnitRow, toAllocationView } from './dto/views';

const DAY_MS = 86_400_000;
const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

interface DirectionRow {
  direction: Direction;
  admissions: string;
  bed_seconds: string;
}

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
  ) {}

  async mix(unitId: string, windowDays?: number) {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const unit = await loadUnit(em, unitId);
      if (!unit) throw new BedUnitNotFound(`No bed unit ${unitId}`);
      const now = new Date();
      const days = windowDays ?? unit.window_days;
      const from = new Date(now.getTime() - days * DAY_MS);
      const byDirection = await this.admissionsAndBedDays(em, unitId, from, now);
      const basis = this.basisOf(unit);
      const judgement = judgeMixOn(basis, unit.step_down_target, { stepDown: byDirection.step_down, stepUp: byDirection.step_up }, this.limitOptions());
      const totalBedDays = byDirection.step_down.bedDays + byDirection.step_up.bedDays;
      const n = byDirection.step_down.admissions + byDirection.step_up.admissions;
      const available: { bed_seconds: string | null }[] = await em.query(
        `SELECT sum(extract(epoch FROM ($2::timestamptz - GREATEST(created_at, $3::timestamptz)))) AS bed_seconds
         FROM beds WHERE unit_id = $1 AND created_at < $2`,
        [unitId, now, from],
      );
      const availableBedDays = Number(available[0]?.bed_seconds ?? 0) / 86_400;
      const logged: { seconds: string | null; offers: string; against: string }[] = await em.query(
        `SELECT sum(idle_seconds_while_waiting) AS seconds, count(*) FILTER (WHERE event = 'offer') AS offers,
                count(*) FILTER (WHERE against_mix_for_priority) AS against
         FROM bed_allocations WHERE unit_id = $1 AND at > $2`,
        [unitId, from],
      );
      const idleMs = Number(logged[0]?.seconds ?? 0) * 1000 + (await this.currentIdleWhileWaitingMs(em, unit, now));
      const counts = (await bedCounts(em, [unitId])).get(unitId);
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
        decisions: { offers: Number(logged[0]?.offers ?? 0), againstMixForPriority: Number(logged[0]?.against ?? 0) },
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
    const rows: (BedUnitRow & { mix_excursions: number })[] = await em.query('SELECT * FROM bed_units WHERE id = $1 FOR UPDATE', [unitId]);
    const unit = rows[0];
    if (!unit) throw new BedUnitNotFound(`No bed unit ${unitId}`);
    const now = new Date();
    const from = new Date(now.getTime() - unit.window_days * DAY_MS);
    const d = await this.admissionsAndBedDays(em, unitId, from, now);
    const judgement = judgeMixOn(this.basisOf(unit), unit.step_down_target, { stepDown: d.step_down, stepUp: d.step_up }, this.limitOptions());
    const next = nextExcursion(unit.mix_status, judgement.status, unit.mix_excursions);
    if (judgement.status !== unit.mix_status || next.excursions !== unit.mix_excursions) {
      await em.query('UPDATE bed_units SET mix_status = $2, mix_excursions = $3, updated_at = now() WHERE id = $1', [unitId, judgement.status, next.excursions]);
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
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    return this.db.transaction(async (em) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (q.unit) {
        if (!(await loadUnit(em, q.unit))) throw new BedUnitNotFound(`No bed unit ${q.unit}`);
        params.push(q.unit);
        where.push(`unit_id = $${params.length}`);
      }
      if (after) {
        params.push(after[0], after[1]);
        where.push(`(at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(q.limit + 1);
      const rows: AllocationRow[] = await em.query(
        `SELECT * FROM bed_allocations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return toPage(rows, q.limit, (r) => [r.at.toISOString(), r.id], toAllocationView);
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
    const rows: DirectionRow[] = await em.query(ADMISSIONS_AND_BED_SECONDS, [unitId, from, now]);
    const out = { step_down: { admissions: 0, bedDays: 0 }, step_up: { admissions: 0, bedDays: 0 } };
    for (const r of rows) out[r.direction] = { admissions: Number(r.admissions), bedDays: Math.max(0, Number(r.bed_seconds)) / 86_400 };
    return out;
  }

  /** Free beds of the unit standing idle right now while someone eligible for them waits. */
  private async currentIdleWhileWaitingMs(em: EntityManager, unit: BedUnitRow, now: Date): Promise<number> {
    const free: { id: string; label: string; capabilities: Capability[]; free_since: Date | null }[] = await em.query(
      `SELECT b.id, b.label, b.capabilities, b.free_since FROM beds b
       WHERE b.unit_id = $1 AND b.state = 'open'
         AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.bed_id = b.id AND s.status IN ${ACTIVE_STAY})`,
      [unit.id],
    );
    if (free.length === 0) return 0;
    const waiting: {
      id: string;
      direction: Direction;
      priority: 'urgent' | 'routine';
      needs: Capability[];
      purpose: Purpose | null;
      requested_at: Date;
      earliest_at: Date | null;
      unit_id: string | null;
      excluded_unit_ids: string[];
    }[] = await em.query(
      `SELECT id, direction, priority, needs, purpose, requested_at, earliest_at, unit_id, excluded_unit_ids FROM bed_requests
       WHERE status = 'waiting' AND (unit_id IS NULL OR unit_id = $1) AND NOT ($1 = ANY(excluded_unit_ids))`,
      [unit.id],
    );
    const requests: BedRequestView[] = waiting.map((r) => ({
      id: r.id,
      direction: r.direction,
      priority: r.priority,
      needs: r.needs,
      purpose: r.purpose,
      requestedAt: r.requested_at,
      earliestAt: r.earliest_at,
      unitId: r.unit_id,
      preferredLocality: null,
      excludedUnitIds: r.excluded_unit_ids,
    }));
    let total = 0;
    for (const b of free) {
      const bed: BedView = {
        id: b.id,
        unitId: unit.id,
        label: b.label,
        capabilities: b.capabilities,
        allowedPurposes: unit.allowed_purposes,
        locality: unit.locality,
        freeSince: b.free_since,
      };
      total += idleWhileWaitingMs(bed, requests.filter((r) => isEligible(r, bed, now)), now);
    }
    return total;
  }
}
