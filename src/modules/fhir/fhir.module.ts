import { Module } from '@nestjs/common';
import { AdmissionsModule } from '../admissions/admissions.module';
import { BedsModule } from '../beds/beds.module';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { CaseloadsModule } from '../caseloads/caseloads.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PatientsModule } from '../patients/patients.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { TasksModule } from '../tasks/tasks.module';
import { TeamsModule } from '../teams/teams.module';
import { FhirClinicalController } from './fhir.controller';
import { FhirClinicalService } from './fhir-clinical.service';
import { FhirReferenceController } from './fhir-reference.controller';
import { FhirReferenceService } from './fhir-reference.service';

/** FHIR R4 (UK Core) read API at /fhir/R4: maps the owning modules' reads, adds no data access of its own. */
@Module({
  imports: [PatientsModule, ReferralsModule, TasksModule, AdmissionsModule, CarePlansModule, CaseloadsModule, OrganisationsModule, TeamsModule, BedsModule],
  controllers: [FhirReferenceController, FhirClinicalController],
  providers: [FhirClinicalService, FhirReferenceService],
})
export class FhirModule {}
