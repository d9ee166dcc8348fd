import { Global, Module } from '@nestjs/common';
import { AlertStreamService } from './alert-stream.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Global()
@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertStreamService],
  exports: [AlertsService],
})
export class AlertsModule {}
