import { Module, OnModuleInit } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { MdtModule } from '../mdt/mdt.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { MetricsService } from './metrics.service';
import { AdmissionMeasures } from './providers/admissions.provider';
import { CarePlanMeasures } from './providers/care-plans.provider';
import { CaseloadMeasures } from './providers/caseloads.provider';
import { MdtMeasures } from './providers/mdt.provider';
import { ReferralMeasures } from './providers/referrals.provider';

/** Outcome metrics for commissioners (aggregate only) and the operational dashboard page. */
@Module({
  imports: [CarePlansModule, MdtModule, BedsModule],
  controllers: [MetricsController, DashboardController],
  providers: [MetricsService, AdmissionMeasures, ReferralMeasures, CaseloadMeasures, CarePlanMeasures, MdtMeasures],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly admissions: AdmissionMeasures,
    private readonly referrals: ReferralMeasures,
    private readonly caseloads: CaseloadMeasures,
    private readonly carePlans: CarePlanMeasures,
    private readonly mdt: MdtMeasures,
  ) {}

  onModuleInit(): void {
    // Better Care Fund measures first, then local KPIs by capability.
    for (const p of [this.admissions, this.referrals, this.caseloads, this.carePlans, this.mdt]) this.registry.register(p);
  }
}
