import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ReportTurnsRepository } from './report-turns.repository';

/**
 * Outcome metrics for commissioners (aggregate only) and the operational dashboard page. Each
 * capability's module registers its own measures with the global MetricsRegistry, which fixes the
 * order they are reported in; beds also gives the dashboard its weekly trend. Reports take turns
 * (METRICS_CONCURRENT_REPORTS across every instance) so they cannot crowd out clinical work.
 */
@Module({
  imports: [BedsModule],
  controllers: [MetricsController, DashboardController],
  providers: [MetricsService, ReportTurnsRepository],
})
export class MetricsModule {}
