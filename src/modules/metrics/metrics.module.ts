import { Module, OnModuleInit } from '@nestjs/common';
import { DashboardController } from './dashboard/dashboard.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { MetricsService } from './metrics.service';
import { AdmissionMeasures } from './providers/admissions.provider';
import { BedMeasures } from './providers/beds.provider';

/** Outcome metrics for commissioners (aggregate only) and the operational dashboard page. */
@Module({
  controllers: [MetricsController, DashboardController],
  providers: [MetricsService, AdmissionMeasures, BedMeasures],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly admissions: AdmissionMeasures,
    private readonly beds: BedMeasures,
  ) {}

  onModuleInit(): void {
    // The report's order is fixed by MetricsRegistry (CAPABILITY_ORDER), not by registration.
    for (const p of [this.admissions, this.beds]) this.registry.register(p);
  }
}
