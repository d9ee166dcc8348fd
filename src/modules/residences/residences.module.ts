import { Module } from '@nestjs/common';
import { ResidencesController } from './residences.controller';
import { ResidencesService } from './residences.service';

/** Residence history (home / care home, from-to) and reablement starts. */
@Module({
  controllers: [ResidencesController],
  providers: [ResidencesService],
  exports: [ResidencesService],
})
export class ResidencesModule {}
