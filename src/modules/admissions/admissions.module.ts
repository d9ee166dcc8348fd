import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { PatientsModule } from '../patients/patients.module';
import { ResidencesModule } from '../residences/residences.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdmissionHooks } from './admission-hooks';
import { AdmissionCorrectionsController } from './admission-corrections.controller';
import { AdmissionCorrectionsService } from './admission-corrections.service';
import { currentAdmissionSection, inpatientAdmissionRelationship } from './admission-relationships';
import { AdmissionsController } from './admissions.controller';
import { AdmissionsService } from './admissions.service';
import { AdmissionsAgendaSource } from './admissions.agenda-source';
import { AdmissionsForMdtRepository } from './for-mdt.repository';

/** Admission flagging and discharge coordination (integrated discharge teams). */
@Module({
  imports: [PatientsModule, TasksModule, ResidencesModule],
  controllers: [AdmissionsController, AdmissionCorrectionsController],
  providers: [AdmissionsService, AdmissionHooks, AdmissionCorrectionsService, AdmissionsForMdtRepository, AdmissionsAgendaSource],
  exports: [AdmissionsService, AdmissionHooks, AdmissionCorrectionsService],
})
export class AdmissionsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
  ) {}

  onModuleInit(): void {
    this.relationships.register(inpatientAdmissionRelationship);
    this.views.register('currentAdmission', currentAdmissionSection);
  }
}
