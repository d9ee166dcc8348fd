import { Global, Module } from '@nestjs/common';
import { AlertStreamService } from './alert-stream.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Global()
@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertStreamService],
  exports: [AlertsService, AlertsRepository],
})
export class AlertsModule {}
