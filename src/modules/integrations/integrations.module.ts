import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { AdmissionsModule } from '../admissions/admissions.module';
import { IdentityModule } from '../identity/identity.module';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { FhirEncountersRepository } from './fhir/fhir-encounters.repository';
import { FhirEncountersService } from './fhir/fhir-encounters.service';
import { FhirController } from './fhir/fhir.controller';
import { Hl7ApplyService, PatientMergeHook } from './hl7/hl7-apply.service';
import { Hl7IngestService } from './hl7/hl7-ingest.service';
import { Hl7MessagesRepository } from './hl7/hl7-messages.repository';
import { Hl7MessagesService } from './hl7/hl7-messages.service';
import { MllpListener } from './hl7/mllp-listener.service';
import { inReachRelationship } from './inreach/in-reach-relationships';
import { InReachRepository } from './inreach/in-reach.repository';
import { InReachService } from './inreach/in-reach.service';
import { IntegrationsController } from './integrations.controller';

/** Hospital feeds (HL7 v2 ADT over MLLP, FHIR R4 Encounter) into the admissions pipeline, and the A&E in-reach clock. */
@Module({
  imports: [AdmissionsModule, TasksModule, PatientsModule, IdentityModule],
  controllers: [IntegrationsController, FhirController],
  providers: [
    FhirEncountersRepository,
    FhirEncountersService,
    Hl7MessagesRepository,
    Hl7IngestService,
    Hl7ApplyService,
    PatientMergeHook,
    Hl7MessagesService,
    MllpListener,
    InReachRepository,
    InReachService,
  ],
  exports: [Hl7IngestService, MllpListener, InReachService, Hl7MessagesService, PatientMergeHook],
})
export class IntegrationsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
  ) {}

  onModuleInit(): void {
    this.relationships.register(inReachRelationship);
  }
}
