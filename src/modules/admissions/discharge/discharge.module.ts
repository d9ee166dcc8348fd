import { Module, OnModuleInit } from '@nestjs/common';
import { BedsForAdmissionsModule } from '../../beds/for-admissions.module';
import { MetricsRegistry } from '../../metrics/metrics.registry';
import { AdmissionsModule } from '../admissions.module';
import { BedStayDischargeController } from './bed-stay-discharge.controller';
import { DischargeMeasures } from './discharge.measures';
import { DischargeMeasuresRepository } from './discharge-measures.repository';
import { DischargeSnapshotRepository } from './discharge-snapshot.repository';
import { DischargeSnapshotService } from './discharge-snapshot.service';
import { DischargeController } from './discharge.controller';
import { DischargeRepository } from './discharge.repository';
import { DischargeService } from './discharge.service';

/** The integrated discharge team's workspace (hospital admissions and community bed stays) and board, and the midnight delayed-patient snapshot. */
@Module({
  imports: [AdmissionsModule, BedsForAdmissionsModule],
  controllers: [DischargeController, BedStayDischargeController],
  providers: [DischargeMeasures, DischargeMeasuresRepository, DischargeRepository, DischargeService, DischargeSnapshotRepository, DischargeSnapshotService],
  exports: [DischargeSnapshotService],
})
export class DischargeModule implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly measures: DischargeMeasures,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.measures);
  }
}
