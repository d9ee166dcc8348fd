import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { Clock } from '../../common/clock';
import { CaseloadsModule } from '../caseloads/caseloads.module';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { CarePlanMeasures } from './care-plan.measures';
import { carePlanAuthorship, carePlanSection } from './care-plan-relationships';
import { CarePlanCoverageController } from './care-plan-coverage.controller';
import { CarePlanReviewsRepository } from './care-plan-reviews.repository';
import { CarePlanReviewsService } from './care-plan-reviews.service';
import { CarePlansController } from './care-plans.controller';
import { CarePlansRepository } from './care-plans.repository';
import { CarePlansService } from './care-plans.service';
import { CarePlansForMdtRepository } from './for-mdt.repository';
import { CarePlanOverdueReviewAgendaSource } from './overdue-review.agenda-source';

/** Shared anticipatory care plans: versions, agreement, consent, review tasks and FHIR export. */
@Module({
  imports: [PatientsModule, TasksModule, CaseloadsModule],
  controllers: [CarePlansController, CarePlanCoverageController],
  providers: [
    CarePlansRepository,
    CarePlanReviewsRepository,
    CarePlansService,
    CarePlanReviewsService,
    CarePlanMeasures,
    CarePlansForMdtRepository,
    CarePlanOverdueReviewAgendaSource,
  ],
  exports: [CarePlansService, CarePlanReviewsService],
})
export class CarePlansModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly clock: Clock,
    private readonly metrics: MetricsRegistry,
    private readonly measures: CarePlanMeasures,
  ) {}

  onModuleInit(): void {
    this.relationships.register(carePlanAuthorship);
    this.views.register('carePlan', carePlanSection(() => this.clock.now()));
    this.metrics.register(this.measures);
  }
}
