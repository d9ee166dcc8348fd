import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseloadsForReferralsRepository } from '../caseloads/for-referrals.repository';
import { DEFINITIONS as D } from '../metrics/domain/definitions';
import { Measure, MetricsFilter, breakdownMeasure, countMeasure, shareMeasure } from '../metrics/domain/measures';
import type { MeasureProvider } from '../metrics/domain/registry';
import { ReferralMeasuresRepository } from './referral-measures.repository';

/** Referrals through the single point of access: volume, response within target, breaches, patients known. */
@Injectable()
export class ReferralMeasures implements MeasureProvider {
  readonly capability = 'referrals';

  constructor(
    private readonly repo: ReferralMeasuresRepository,
    private readonly caseloads: CaseloadsForReferralsRepository,
  ) {}

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const { bySource, response } = await this.repo.counts(em, f, now);
    const known = await this.repo.patientsKnown(em, f, now, await this.caseloads.patientsWithOpenEpisode(em));
    return [
      breakdownMeasure(
        D.referralsBySource,
        f,
        bySource.map((r) => ({ key: `${r.sourceType}/${r.urgency}`, count: r.n })),
      ),
      shareMeasure(D.respondedWithinTarget, f, response.within, response.due),
      countMeasure(D.breaches, f, response.breached),
      countMeasure(D.patientsKnown, f, known),
    ];
  }
}
