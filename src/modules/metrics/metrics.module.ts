import { Module, OnModuleInit } from '@nestjs/common';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { MdtModule } from '../mdt/mdt.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { MetricsService } from './metrics.service';
import { AdmissionMeasures } from './providers/admissions.provider';
import { BedMeasures } from './providers/beds.provider';
import { CarePlanMeasures } from './providers/care-plans.provider';
import { CaseloadMeasures } from './providers/caseloads.provider';
import { ReferralMeasures } from './providers/referrals.provider';

/** Outcome metrics for commissioners (aggregate only) and the operational dashboard page. */
@Module({
  imports: [CarePlansModule, MdtModule],
  controllers: [MetricsController, DashboardController],
  providers: [MetricsService, AdmissionMeasures, ReferralMeasures, CaseloadMeasures, CarePlanMeasures, BedMeasures],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly admissions: AdmissionMeasures,
    private readonly referrals: ReferralMeasures,
    private readonly caseloads: CaseloadMeasures,
    private readonly carePlans: CarePlanMeasures,
    private readonly beds: BedMeasures,
  ) {}

  onModuleInit(): void {
    // Better Care Fund measures first, then local KPIs by capability.
    for (const p of [this.admissions, this.referrals, this.caseloads, this.carePlans, this.beds]) this.registry.register(p);
  }
}
