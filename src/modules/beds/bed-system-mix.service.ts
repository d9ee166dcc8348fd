import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { BedMixService } from './bed-mix.service';
import { BedUnitsRepository } from './bed-units.repository';
import { BedsRepository } from './beds.repository';
import { judgeMixOn, shareOn, systemMix } from './domain/mix';

const DAY_MS = 86_400_000;
const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The system-wide mix (`GET /bed-units/mix?locality=`): each unit's step-down share on its own
 * basis over the window, combined weighted by the unit's beds (closed beds count: they are the
 * unit's commissioned size), with the same p-chart control limits (domain/mix.ts systemMix).
 * The commissioner metrics use the same figure.
 */
@Injectable()
export class BedSystemMixService {
  constructor(
    private readonly db: DataSource,
    private readonly unitMix: BedMixService,
    private readonly clock: Clock,
    private readonly units: BedUnitsRepository,
    private readonly beds: BedsRepository,
  ) {}

  async mix(q: { locality?: string; windowDays?: number }, at = this.clock.now()) {
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const units = await this.units.inLocality(em, q.locality ?? null);
      const counts = await this.beds.counts(
        em,
        units.map((u) => u.id),
      );
      const parts = [];
      for (const u of units) {
        const days = q.windowDays ?? u.window_days;
        const d = await this.unitMix.admissionsAndBedDays(em, u.id, new Date(at.getTime() - days * DAY_MS), at);
        const totals = { stepDown: d.step_down, stepUp: d.step_up };
        const basis = this.unitMix.basisOf(u);
        const judgement = judgeMixOn(basis, u.step_down_target, totals, this.unitMix.limitOptions());
        parts.push({
          unitId: u.id,
          name: u.name,
          locality: u.locality,
          beds: counts.get(u.id)?.total ?? 0,
          basis,
          windowDays: days,
          admissions: totals.stepDown.admissions + totals.stepUp.admissions,
          stepDownShare: shareOn(basis, totals),
          target: u.step_down_target,
          status: judgement.status,
        });
      }
      const system = systemMix(
        parts.map((p) => ({ beds: p.beds, target: p.target, share: p.stepDownShare, admissions: p.admissions })),
        this.unitMix.limitOptions(),
      );
      const r = (x: number | null) => (x === null ? null : round(x));
      return {
        locality: q.locality ?? null,
        at: at.toISOString(),
        weighting: 'beds',
        units: parts.map((p) => ({ ...p, stepDownShare: r(p.stepDownShare) })),
        beds: parts.reduce((n, p) => n + p.beds, 0),
        admissions: parts.reduce((n, p) => n + p.admissions, 0),
        stepDownShare: r(system.stepDownShare),
        target: round(system.target),
        lowerLimit: round(system.lowerLimit),
        upperLimit: round(system.upperLimit),
        status: system.status,
        judged: system.judged,
      };
    });
  }
}
