import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { PatientsModule } from '../patients/patients.module';
import { ResidencesModule } from '../residences/residences.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdmissionHooks } from './admission-hooks';
import { AdmissionCorrectionsController } from './admission-corrections.controller';
import { AdmissionCorrectionsService } from './admission-corrections.service';
import { AdmissionMeasuresRepository } from './admission-measures.repository';
import { AdmissionMeasures } from './admission.measures';
import { currentAdmissionSection, inpatientAdmissionRelationship } from './admission-relationships';
import { AdmissionsController } from './admissions.controller';
import { AdmissionsRepository } from './admissions.repository';
import { AdmissionsService } from './admissions.service';
import { AdmissionsAgendaSource } from './admissions.agenda-source';
import { AdmissionsForMdtRepository } from './for-mdt.repository';

/** Admission flagging and discharge coordination (integrated discharge teams), and their measures. */
@Module({
  imports: [PatientsModule, TasksModule, ResidencesModule],
  controllers: [AdmissionsController, AdmissionCorrectionsController],
  providers: [
    AdmissionsRepository,
    AdmissionMeasuresRepository,
    AdmissionsService,
    AdmissionHooks,
    AdmissionCorrectionsService,
    AdmissionMeasures,
    AdmissionsForMdtRepository,
    AdmissionsAgendaSource,
  ],
  exports: [AdmissionsService, AdmissionHooks, AdmissionCorrectionsService, AdmissionMeasuresRepository],
})
export class AdmissionsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly metrics: MetricsRegistry,
    private readonly measures: AdmissionMeasures,
  ) {}

  onModuleInit(): void {
    this.relationships.register(inpatientAdmissionRelationship);
    this.views.register('currentAdmission', currentAdmissionSection);
    // Registered before the metrics module's own providers (this module initialises first): the Better Care Fund measures lead the report.
    this.metrics.register(this.measures);
  }
}
