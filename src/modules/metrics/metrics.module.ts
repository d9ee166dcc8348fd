import { Module, OnModuleInit } from '@nestjs/common';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { MdtModule } from '../mdt/mdt.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { MetricsService } from './metrics.service';
import { BedMeasures } from './providers/beds.provider';
import { CarePlanMeasures } from './providers/care-plans.provider';
import { CaseloadMeasures } from './providers/caseloads.provider';
import { MdtMeasures } from './providers/mdt.provider';
import { ReferralMeasures } from './providers/referrals.provider';

/** Outcome metrics for commissioners (aggregate only) and the operational dashboard page. */
@Module({
  imports: [CarePlansModule, MdtModule],
  controllers: [MetricsController, DashboardController],
  providers: [MetricsService, ReferralMeasures, CaseloadMeasures, CarePlanMeasures, BedMeasures, MdtMeasures],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly referrals: ReferralMeasures,
    private readonly caseloads: CaseloadMeasures,
    private readonly carePlans: CarePlanMeasures,
    private readonly beds: BedMeasures,
    private readonly mdt: MdtMeasures,
  ) {}

  onModuleInit(): void {
    // Better Care Fund measures first, then local KPIs by capability.
    for (const p of [this.referrals, this.caseloads, this.carePlans, this.mdt, this.beds]) this.registry.register(p);
  }
}
