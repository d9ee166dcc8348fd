import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { CareHomesController, CareHomesService, careHomeResidentRelationship } from './care-homes';
import { ResidencesForAdmissionsRepository } from './for-admissions.repository';
import { ResidencesController } from './residences.controller';
import { ResidencesService } from './residences.service';

/** Residence history (home / care home, from-to), reablement starts, and care homes (beds, support team). */
@Module({
  controllers: [ResidencesController, CareHomesController],
  providers: [ResidencesService, CareHomesService, ResidencesForAdmissionsRepository],
  exports: [ResidencesService, ResidencesForAdmissionsRepository],
})
export class ResidencesModule implements OnModuleInit {
  constructor(private readonly relationships: RelationshipRegistry) {}

  onModuleInit(): void {
    this.relationships.register(careHomeResidentRelationship);
  }
}
