import { Module, OnModuleInit } from '@nestjs/common';
import { admissionsSource, episodesSource, highRiskSource } from './agenda-sources';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { CaseloadsModule } from '../caseloads/caseloads.module';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { carePlanOverdueReviewSource } from './care-plan-agenda.source';
import { MdtAgendaRegistry } from './mdt-agenda.registry';
import { MdtController } from './mdt.controller';
import { MdtService } from './mdt.service';

/**
 * MDT meetings per GP practice. Other capabilities add agenda sources by injecting
 * MdtAgendaRegistry (provided globally by the AppModule) and registering in their own onModuleInit (docs/mdt.md).
 */
@Module({
  imports: [PatientsModule, TasksModule, CaseloadsModule, CarePlansModule],
  controllers: [MdtController],
  providers: [MdtService],
  exports: [MdtService],
})
export class MdtModule implements OnModuleInit {
  constructor(private readonly registry: MdtAgendaRegistry) {}

  onModuleInit(): void {
    for (const source of [admissionsSource, episodesSource, carePlanOverdueReviewSource, highRiskSource]) this.registry.register(source);
  }
}
