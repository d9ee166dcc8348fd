import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { AssignTaskDto, CompleteTaskDto, ListTasksQuery, TaskPage, TaskView } from './dto/task.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Your teams' tasks, ordered by due time (then id). Default status=open. */
  @Get()
  @Authorize(Permission.TaskRead)
  @ApiOkResponse({ type: TaskPage })
  list(@Ctx() ctx: RequestContext, @Query() q: ListTasksQuery) {
    return this.tasks.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Authorize(Permission.TaskWork)
  @ApiOkResponse({ type: TaskView })
  assign(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AssignTaskDto) {
    return this.tasks.assign(ctx, id, dto.staffId.trim());
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Authorize(Permission.TaskWork)
  @ApiOkResponse({ type: TaskView })
  complete(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CompleteTaskDto) {
    return this.tasks.complete(ctx, id, dto.outcome.trim());
  }
}
