import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { discloseGroup } from '../../../common/disclosure/secondary-suppression';
import { DEFINITIONS as D } from '../../metrics/domain/definitions';
import { Measure, MetricsFilter, meanMeasure, ratePer100k, shareMeasure } from '../../metrics/domain/measures';
import type { MeasureProvider } from '../../metrics/domain/registry';
import { params } from '../../metrics/providers/sql';
import { denominatorFor, withPopulation } from '../../populations/population.queries';
import { AdmissionMeasuresRepository } from '../admission-measures.repository';
import { DischargeMeasuresRepository } from './discharge-measures.repository';

/**
 * Delayed days from the midnight snapshots (DTOC and past the Discharge Ready Date) and the
 * DRD-to-discharge measures. Denominators: the population estimate for the year when loaded, else
 * the registered list of adults at the end of the period (labelled).
 */
@Injectable()
export class DischargeMeasures implements MeasureProvider {
  readonly capability = 'discharge';

  constructor(
    private readonly repo: DischargeMeasuresRepository,
    private readonly admissions: AdmissionMeasuresRepository,
  ) {}

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const days = await this.repo.delayedDays(em, f, now);
    const drd = await this.repo.drdToDischarge(em, f, now);
    const pop = await this.admissions.registered(em, f, now);
    const adults = await denominatorFor(em, params(f, now), 18, pop.adults);
    // Each breakdown adds up to the delayed days shown: secondary suppression per group.
    const attribution = discloseGroup([days.nhs, days.social_care, days.both, days.unattributed]);
    const setting = discloseGroup([days.acute, days.community]);
    const dtoc = withPopulation(ratePer100k(D.delayedTransferDays, f, days.dtoc, adults.persons), adults, 18);
    const totalHidden = attribution.total === '*' || setting.total === '*';
    return [
      {
        ...dtoc,
        ...(totalHidden ? { numerator: '*' as const, value: null } : {}),
        breakdown: [
          ...['nhs', 'social_care', 'both', 'unattributed'].map((k, i) => ({ key: `attribution:${k}`, count: attribution.cells[i] })),
          ...['acute', 'community'].map((k, i) => ({ key: `setting:${k}`, count: setting.cells[i] })),
        ],
      },
      withPopulation(ratePer100k(D.drdDelayedDays, f, days.nctr, adults.persons), adults, 18),
      shareMeasure(D.dischargedOnDrd, f, drd.on_drd, drd.n),
      meanMeasure(D.meanDaysDrdToDischarge, f, drd.total_days, drd.n),
    ];
  }
}
