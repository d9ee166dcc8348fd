import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';
import { TASK_STATUSES, type TaskStatus } from '../domain/task-state';

/** `?flag=true|false` as a boolean; anything else is left for @IsBoolean to reject. */
export const BooleanQuery = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'One of your teams; default all of them', example: 'SKC-SPOA' })
  @IsOptional()
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  team?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'true: open tasks past their due time; false: the others' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Staff id of the assignee ("me" for yourself)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  assignee?: string;

  @ApiPropertyOptional({ description: 'true: only tasks nobody is assigned to' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ example: 'trace_nhs_number' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,47}$/, { message: 'must be a task type' })
  type?: string;
}

export class AssignTaskDto {
  @ApiProperty({ example: 'staff-123', description: 'Who will do it' })
  @IsString()
  @Length(1, 128)
  @Matches(/\S/, { message: 'must not be blank' })
  staffId: string;
}

export class CompleteTaskDto {
  @ApiProperty({ example: 'Traced on PDS; NHS number recorded', description: 'What was done' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'must not be blank' })
  outcome: string;
}

export class TaskSourceView {
  @ApiProperty({ example: 'referral' })
  type: string;
  @ApiPropertyOptional({ example: '6b0c…', nullable: true })
  id: string | null;
}

export class TaskView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'trace_nhs_number' }) type: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true }) detail: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'null while the patient awaits tracing' }) nhsNumber: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The internal patient id: names an untraced record (trace it, or merge it as duplicateId)' }) patientId: string | null;
  @ApiProperty() teamCode: string;
  @ApiProperty() dueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: TaskSourceView }) source: TaskSourceView;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiPropertyOptional({ nullable: true }) assignee: string | null;
  @ApiPropertyOptional({ nullable: true }) assignedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true }) completedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) completedBy: string | null;
  @ApiProperty() createdAt: string;
}

export class TaskPage {
  @ApiProperty({ type: [TaskView] }) items: TaskView[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}
