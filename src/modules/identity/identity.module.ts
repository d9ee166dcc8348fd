import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { IdentityController } from './identity.controller';
import { IdentityRepository } from './identity.repository';
import { PdsClient } from './pds-client';
import { PdsRecheckService } from './pds-recheck.service';
import { TraceJob } from './trace-job';
import { TraceService } from './trace.service';

/** Who the patient is: NHS number tracing against PDS (adapter, background trace). Merge lives in the patients module. */
@Module({
  imports: [TasksModule, PatientsModule],
  controllers: [IdentityController],
  providers: [IdentityRepository, PdsClient, TraceService, PdsRecheckService, TraceJob],
  exports: [IdentityRepository, PdsClient, TraceService],
})
export class IdentityModule {}
