import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITIONS as D } from '../metrics/domain/definitions';
import { Measure, MetricsFilter, shareMeasure } from '../metrics/domain/measures';
import type { MeasureProvider } from '../metrics/domain/registry';
import { CarePlanReviewsService } from './care-plan-reviews.service';

/** Anticipatory care plans: coverage (the capability's own aggregate) and overdue reviews. Registered with the MetricsRegistry by CarePlansModule. */
@Injectable()
export class CarePlanMeasures implements MeasureProvider {
  readonly capability = 'care_plans';

  constructor(private readonly reviews: CarePlanReviewsService) {}

  async measures(em: EntityManager, f: MetricsFilter, now: Date): Promise<Measure[]> {
    const c = await this.reviews.coverage({ practice: f.practice, locality: f.locality }, now, em);
    return [
      shareMeasure(D.plansProactive, f, c.proactiveCarePatients.withAgreedPlan, c.proactiveCarePatients.total),
      shareMeasure(D.plansCareHome, f, c.careHomeResidents.withAgreedPlan, c.careHomeResidents.total),
      shareMeasure(D.plansOverdue, f, c.plansOverdueReview, c.plans),
    ];
  }
}
