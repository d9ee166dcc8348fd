import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { DeathRegistry } from '../patients/death-registry';
import { PatientViewRegistry } from '../patients/patient-view.registry';
import { cancelBedRequestsOnDeath } from './bed-deaths';
import { PatientsModule } from '../patients/patients.module';
import { BedAllocator } from './bed-allocator';
import { BedMixService } from './bed-mix.service';
import { BedPatientGate } from './bed-patient-gate';
import { bedRequestRelationship, bedSections, bedStayRelationship } from './bed-relationships';
import { BedAllocationsController, BedRequestsController, BedStaysController } from './bed-requests.controller';
import { BedRequestsService } from './bed-requests.service';
import { BedSweeper } from './bed-sweeper';
import { BedUnitsController } from './bed-units.controller';
import { BedUnitsService } from './bed-units.service';
import { BedsController } from './beds.controller';

/** Step-up / step-down community beds: units, the bed board, requests, the allocator, stays, mix and capacity. */
@Module({
  imports: [PatientsModule],
  controllers: [BedUnitsController, BedsController, BedRequestsController, BedStaysController, BedAllocationsController],
  providers: [BedAllocator, BedMixService, BedPatientGate, BedUnitsService, BedRequestsService, BedSweeper],
  exports: [BedAllocator, BedRequestsService],
})
export class BedsModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
    private readonly views: PatientViewRegistry,
    private readonly deaths: DeathRegistry,
  ) {}

  onModuleInit(): void {
    this.deaths.register('beds', cancelBedRequestsOnDeath);
    this.relationships.register(bedStayRelationship);
    this.relationships.register(bedRequestRelationship);
    this.views.register('bedStay', bedSections);
  }
}
