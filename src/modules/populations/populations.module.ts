import { Module } from '@nestjs/common';
import { PopulationEstimatesRepository } from './population-estimates.repository';
import { PopulationsController } from './populations.controller';
import { PopulationsService } from './populations.service';

/** Population estimates (reference data): the denominators of per-100,000 rates. */
@Module({
  controllers: [PopulationsController],
  providers: [PopulationsService, PopulationEstimatesRepository],
  exports: [PopulationEstimatesRepository],
})
export class PopulationsModule {}
