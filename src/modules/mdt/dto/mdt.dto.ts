import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  IsUUID,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { IsRealDate, IsRealInstant } from '../../../common/validation/calendar';
import { IsNhsNumber } from '../../../common/validation/is-nhs-number.decorator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';

const NOT_BLANK = /\S/;
const ROLE = /^[A-Za-z][A-Za-z _-]{0,63}$/;

/** Pro-Active Care episode statuses (api.md): what an MDT may ask an episode to move to. */
export const EPISODE_STATUSES = ['identified', 'invited', 'declined', 'assessment', 'mdt_review', 'active', 'review_due', 'completed', 'withdrawn'] as const;

export class CreateSeriesDto {
  @ApiProperty({ example: 'G82001' })
  @Matches(ODS_PATTERN)
  practiceOds: string;

  @ApiProperty({ example: 'NCT-DEAL', description: 'The neighbourhood team aligned to the practice' })
  @Matches(TEAM_CODE_PATTERN)
  teamCode: string;

  @ApiProperty({ example: 'FREQ=MONTHLY;BYDAY=1TU', description: 'RFC 5545 RRULE (no DTSTART); DAILY or coarser' })
  @IsString()
  @MaxLength(200)
  recurrence: string;

  @ApiProperty({ example: '13:00', description: 'Local wall-clock start time in `timezone`' })
  @Matches(/^([01]\d|2[0-3]):([0-5]\d)$/, { message: 'startTime must be HH:mm' })
  startTime: string;

  @ApiPropertyOptional({ example: 'Europe/London', default: 'Europe/London' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiProperty({ minimum: 10, maximum: 480, example: 90 })
  @IsInt()
  @Min(10)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ minimum: 1, maximum: 120, example: 10 })
  @IsInt()
  @Min(1)
  @Max(120)
  minutesPerPatient: number;

  @ApiProperty({ type: [String], example: ['gp', 'community_nurse', 'social_care', 'mental_health', 'pharmacist'] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ROLE, { each: true, message: 'each role must be letters, spaces, _ or -' })
  coreRoles: string[];

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First local date the series may fall on (default: today)' })
  @IsOptional()
  @IsRealDate()
  firstDate?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 24, description: 'Months of meetings to generate (default MDT_GENERATE_AHEAD_MONTHS)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24)
  aheadMonths?: number;
}

export class CreateMeetingDto {
  @ApiProperty({ example: 'G82001' })
  @Matches(ODS_PATTERN)
  practiceOds: string;

  @ApiProperty({ example: 'NCT-DEAL' })
  @Matches(TEAM_CODE_PATTERN)
  teamCode: string;

  @ApiProperty({ example: '2026-04-14T12:00:00Z' })
  @IsRealInstant({ message: 'start must be a real ISO 8601 instant with an offset' })
  start: string;

  @ApiProperty({ minimum: 10, maximum: 480 })
  @IsInt()
  @Min(10)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ minimum: 1, maximum: 120 })
  @IsInt()
  @Min(1)
  @Max(120)
  minutesPerPatient: number;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ROLE, { each: true, message: 'each role must be letters, spaces, _ or -' })
  coreRoles: string[];
}

export class UpdateMeetingDto {
  @ApiPropertyOptional({ description: 'Move the meeting (attendee bookings move with it; 409 ATTENDEE_CONFLICT if one clashes)' })
  @IsOptional()
  @IsRealInstant({ message: 'start must be a real ISO 8601 instant with an offset' })
  start?: string;

  @ApiPropertyOptional({ minimum: 10, maximum: 480 })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(480)
  durationMinutes?: number;

  @ApiPropertyOptional({ enum: ['cancelled'] })
  @IsOptional()
  @IsIn(['cancelled'])
  status?: 'cancelled';

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cancelReason?: string;
}

export class ListMeetingsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Practice ODS code' })
  @IsOptional()
  @Matches(ODS_PATTERN)
  practice?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TEAM_CODE_PATTERN)
  team?: string;

  @ApiPropertyOptional({ description: 'Meetings starting at or after' })
  @IsOptional()
  @IsRealInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Meetings starting before' })
  @IsOptional()
  @IsRealInstant()
  to?: string;

  @ApiPropertyOptional({ enum: ['scheduled', 'cancelled'] })
  @IsOptional()
  @IsIn(['scheduled', 'cancelled'])
  status?: 'scheduled' | 'cancelled';
}

export class AddAttendeeDto {
  @ApiProperty({ example: 'staff-123' })
  @IsString()
  @Matches(/^[A-Za-z0-9._@:-]{1,128}$/)
  staffId: string;

  @ApiProperty({ example: 'Dr Sam Jones' })
  @IsString()
  @Matches(NOT_BLANK)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'gp' })
  @Matches(ROLE)
  role: string;
}

export class AddAgendaItemDto {
  @ApiProperty({ example: '9990000018' })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  detail?: string;
}

export class ReorderAgendaDto {
  @ApiProperty({ type: [String], description: 'Every patient on the agenda, in the new order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsNhsNumber({ each: true })
  nhsNumbers: string[];
}

export class ActionDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK)
  @MaxLength(200)
  description: string;

  @ApiProperty({ example: 'staff-123' })
  @Matches(/^[A-Za-z0-9._@:-]{1,128}$/)
  ownerStaffId: string;

  @ApiProperty({ example: '2026-04-21' })
  @IsRealDate({ message: 'dueDate must be a real date (YYYY-MM-DD)' })
  dueDate: string;
}

export class EpisodeTransitionDto {
  @ApiPropertyOptional({ description: "The episode; default the patient's open Pro-Active Care episode" })
  @IsOptional()
  @IsUUID()
  episodeId?: string;

  @ApiProperty({ enum: EPISODE_STATUSES })
  @IsIn(EPISODE_STATUSES)
  to: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class OutcomeDto {
  @ApiProperty({ example: '9990000018' })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @Matches(NOT_BLANK)
  @MaxLength(4000)
  summary: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  decisions: string[];

  @ApiProperty({ type: [ActionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionDto)
  actions: ActionDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  carePlanAgreed?: boolean;

  @ApiPropertyOptional({ type: EpisodeTransitionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EpisodeTransitionDto)
  episodeTransition?: EpisodeTransitionDto;
}

export class ExtendSeriesDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24)
  aheadMonths?: number;
}
