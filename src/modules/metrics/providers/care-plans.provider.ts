import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CarePlanReviewsService } from '../../care-plans/care-plan-reviews.service';
import { DEFINITIONS as D } from '../domain/definitions';
import { Measure, MetricsFilter, shareMeasure } from '../domain/measures';
import type { MeasureProvider } from '../domain/registry';

/** Anticipatory care plans: coverage (from the care-plans capability's own aggregate) and overdue reviews. */
@Injectable()
export class CarePlanMeasures implements MeasureProvider {
  readonly capability = 'care_plans';

  constructor(private readonly reviews: CarePlanReviewsService) {}

  async measures(_em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const c = await this.reviews.coverage({ practice: f.practice, locality: f.locality }, now);
    return [
      shareMeasure(D.plansProactive, f, c.proactiveCarePatients.withAgreedPlan, c.proactiveCarePatients.total),
      shareMeasure(D.plansCareHome, f, c.careHomeResidents.withAgreedPlan, c.careHomeResidents.total),
      shareMeasure(D.plansOverdue, f, c.plansOverdueReview, c.plans),
    ];
  }
}
