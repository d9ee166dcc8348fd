import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { AdmissionsForResidencesModule } from '../admissions/for-residences.module';
import { ReferralsForResidencesModule } from '../referrals/for-residences.module';
import { CareHomesController, CareHomesService, careHomeResidentRelationship } from './care-homes';
import { ResidencesForAdmissionsRepository } from './for-admissions.repository';
import { CareHomesRepository } from './care-homes.repository';
import { ResidencesController } from './residences.controller';
import { ResidencesRepository } from './residences.repository';
import { ResidencesService } from './residences.service';

/** Residence history (home / care home, from-to), reablement starts, and care homes (beds, support team). */
@Module({
  imports: [AdmissionsForResidencesModule, ReferralsForResidencesModule],
  controllers: [ResidencesController, CareHomesController],
  providers: [ResidencesService, CareHomesService, ResidencesRepository, CareHomesRepository, ResidencesForAdmissionsRepository],
  exports: [ResidencesService, ResidencesForAdmissionsRepository],
})
export class ResidencesModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
  ) {}

  onModuleInit(): void {
    this.relationships.register(careHomeResidentRelationship);
  }
}
