import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { IdentityController } from './identity.controller';
import { PdsClient } from './pds-client';
import { TraceJob } from './trace-job';
import { TraceService } from './trace.service';

/** Who the patient is: NHS number tracing against PDS (adapter, background trace). Merge lives in the patients module. */
@Module({
  imports: [TasksModule, PatientsModule],
  controllers: [IdentityController],
  providers: [PdsClient, TraceService, TraceJob],
  exports: [PdsClient, TraceService],
})
export class IdentityModule {}
