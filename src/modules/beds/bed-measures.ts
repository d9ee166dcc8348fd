import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DEFINITIONS as D } from '../metrics/domain/definitions';
import { Measure, MetricsFilter, meanMeasure, ratioOfTotals, shareMeasure, totalMeasure } from '../metrics/domain/measures';
import type { MeasureProvider } from '../metrics/domain/registry';
import { params } from '../metrics/providers/sql';
import { BedMeasuresRepository } from './bed-measures.repository';
import { shareOn, systemMix } from './domain/mix';
import type { MixBasis } from './domain/types';

/**
 * Step-up/step-down beds: the 60/40 mix, occupancy, length of stay and idle bed-hours while someone
 * waited. Beds registers it with the MetricsRegistry (BedsModule).
 */
@Injectable()
export class BedMeasures implements MeasureProvider {
  readonly capability = 'beds';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly figures: BedMeasuresRepository,
  ) {}

  private get defaultBasis(): MixBasis {
    return this.config.beds.mixBasis;
  }

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const p = params(f, now);
    const mix = await this.figures.stays(em, p);
    const occ = await this.figures.occupancy(em, p);
    const idleSeconds = await this.figures.idleSeconds(em, p);
    // The system-wide mix (beds' own rule, domain/mix.ts systemMix): each unit's share on its basis, weighted by its beds.
    const units = await this.figures.unitMixes(em, p);
    const parts = units.map((u) => {
      const totals = { stepDown: { admissions: u.down, bedDays: u.downDays }, stepUp: { admissions: u.up, bedDays: u.upDays } };
      return { beds: u.beds, target: u.target, share: shareOn(u.basis ?? this.defaultBasis, totals), admissions: u.down + u.up };
    });
    const system = systemMix(parts, { sigma: 3, minAdmissions: 1 });
    const admissions = parts.reduce((n, x) => n + x.admissions, 0);
    const byBeds: Measure = {
      ...totalMeasure(D.stepDownShareByBeds, f, 0),
      value: system.stepDownShare === null || (admissions > 0 && admissions < 5) ? null : Math.round(system.stepDownShare * 10_000) / 10_000,
      target: Math.round(system.target * 100) / 100,
    };
    return [
      shareMeasure(D.stepDownShare, f, mix.stepDown, mix.total, mix.target === null ? 0.6 : Math.round(mix.target * 100) / 100),
      byBeds,
      // Bed-days are not people: shown unsuppressed, to 0.01 bed-day, the value computed from the shown figures.
      ratioOfTotals(D.occupancy, f, occ.occupiedDays, occ.availableDays),
      meanMeasure(D.meanLengthOfStay, f, mix.lengthOfStayDays, mix.discharged),
      totalMeasure(D.idleBedHours, f, idleSeconds / 3600),
    ];
  }
}
