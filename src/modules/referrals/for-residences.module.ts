import { Module } from '@nestjs/common';
import { ReferralsForResidencesRepository } from './for-residences.repository';

/**
 * The referrals read residences and beds make, in a module that imports nothing: importing
 * ReferralsModule (with its own imports) into residences would make those modules deeper and so
 * change the order in which modules register their relationship providers.
 */
@Module({
  providers: [ReferralsForResidencesRepository],
  exports: [ReferralsForResidencesRepository],
})
export class ReferralsForResidencesModule {}
