import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { IsNhsNumber } from '../../../common/validation/is-nhs-number.decorator';
import {
  CAPABILITIES,
  Capability,
  DIRECTIONS,
  DISCHARGE_DESTINATIONS,
  Direction,
  DischargeDestination,
  PRIORITIES,
  PURPOSES,
  Priority,
  Purpose,
  REQUEST_STATUSES,
  RequestStatus,
} from '../domain/types';

/** An ISO 8601 instant with a Z or numeric offset. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = 'must be an ISO 8601 instant with an offset, e.g. 2026-11-23T09:30:00Z';

export class CreateBedRequestDto {
  @ApiProperty({ example: '9990000018' })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiProperty({ enum: DIRECTIONS, description: 'step_up: from the community (admission avoidance); step_down: from hospital' })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiPropertyOptional({ format: 'uuid', description: 'The referral behind a step-up request' })
  @IsOptional()
  @IsUUID()
  referralId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The hospital admission behind a step-down request' })
  @IsOptional()
  @IsUUID()
  admissionId?: string;

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CAPABILITIES.length)
  @IsIn(CAPABILITIES, { each: true })
  needs?: Capability[];

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'routine' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ description: 'Not to be offered a bed before this instant' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  earliestAt?: string;

  @ApiPropertyOptional({ example: 'Dover/Deal', description: 'Preferred when several beds are free' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  preferredLocality?: string;

  @ApiPropertyOptional({ enum: PURPOSES, description: 'Why a bed is needed; restricted units (community hospitals) take only some' })
  @IsOptional()
  @IsIn(PURPOSES)
  purpose?: Purpose;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only beds in this unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class ListBedRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;
}

export class CancelBedRequestDto {
  @ApiProperty({ example: 'Recovered at home' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class AdmitStayDto {
  @ApiPropertyOptional({ description: 'When the patient arrived (default now)' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  at?: string;
}

export class DischargeStayDto {
  @ApiPropertyOptional({ description: 'When the patient left (default now)' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  at?: string;

  @ApiProperty({ enum: DISCHARGE_DESTINATIONS })
  @IsIn(DISCHARGE_DESTINATIONS)
  destination: DischargeDestination;
}

export class DeclineStayDto {
  @ApiProperty({ example: 'Patient prefers to wait for a bed nearer home' })
  @IsString()
  @Length(1, 500)
  reason: string;

  @ApiPropertyOptional({
    default: true,
    description: 'true: the request waits again (not offered this unit again); false: the request is cancelled',
  })
  @IsOptional()
  @IsBoolean()
  requeue?: boolean;
}

export class ListAllocationsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bed unit id' })
  @IsOptional()
  @IsUUID()
  unit?: string;
}
