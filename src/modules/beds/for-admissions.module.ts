import { Module } from '@nestjs/common';
import { BedsForAdmissionsRepository } from './for-admissions.repository';

/**
 * The bed-stay reads admissions' discharge workspace makes, in a module of their own: BedsModule
 * imports AdmissionsModule, so the discharge workspace importing BedsModule would tie the two
 * together (and reorder registry contributions); this module imports nothing.
 */
@Module({
  providers: [BedsForAdmissionsRepository],
  exports: [BedsForAdmissionsRepository],
})
export class BedsForAdmissionsModule {}
