import { Module } from '@nestjs/common';
import { AdmissionsForResidencesRepository } from './for-residences.repository';

/**
 * The admissions reads residences and beds make, in a module of their own: AdmissionsModule imports
 * ResidencesModule, so residences importing AdmissionsModule would be a cycle.
 */
@Module({
  providers: [AdmissionsForResidencesRepository],
  exports: [AdmissionsForResidencesRepository],
})
export class AdmissionsForResidencesModule {}
