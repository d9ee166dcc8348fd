import { Module, OnModuleInit } from '@nestjs/common';
import { DashboardController } from './dashboard/dashboard.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { MetricsService } from './metrics.service';
import { BedMeasures } from './providers/beds.provider';

/** Outcome metrics for commissioners (aggregate only) and the operational dashboard page. */
@Module({
  controllers: [MetricsController, DashboardController],
  providers: [MetricsService, BedMeasures],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly beds: BedMeasures,
  ) {}

  onModuleInit(): void {
    // The report's order is fixed by MetricsRegistry (CAPABILITY_ORDER), not by registration.
    this.registry.register(this.beds);
  }
}
