import { Module, OnModuleInit } from '@nestjs/common';
import { RelationshipRegistry } from '../../common/access/relationship-registry';
import { TasksForAdmissionsRepository } from './for-admissions.repository';
import { dischargeFollowUpRelationship } from './task-relationships';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

/** Team tasks: one worklist per team; other capabilities create tasks with TasksService.create(em, ...). */
@Module({
  controllers: [TasksController],
  providers: [TasksService, TasksRepository, TasksForAdmissionsRepository],
  exports: [TasksService, TasksRepository, TasksForAdmissionsRepository],
})
export class TasksModule implements OnModuleInit {
  constructor(
    private readonly relationships: RelationshipRegistry,
  ) {}

  onModuleInit(): void {
    this.relationships.register(dischargeFollowUpRelationship);
  }
}
