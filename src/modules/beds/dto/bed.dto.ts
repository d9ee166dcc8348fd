import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { BED_STATUSES, BedStatus, CAPABILITIES, Capability } from '../domain/types';

export const BED_LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ./-]{0,31}$/;

export class AddBedDto {
  @ApiProperty({ example: 'W2-04' })
  @Matches(BED_LABEL_PATTERN, { message: 'must be 1-32 letters, digits, spaces, dots, slashes or dashes' })
  label: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, example: ['nursing', 'dementia'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CAPABILITIES.length)
  @IsIn(CAPABILITIES, { each: true })
  capabilities: Capability[];
}

/** PATCH /beds/{id} with If-Match: close, reopen, finish cleaning, or change label/capabilities. */
export class UpdateBedDto {
  @ApiPropertyOptional({ enum: ['available', 'closed'], description: '"closed" closes; "available" reopens a closed bed or finishes cleaning' })
  @IsOptional()
  @IsIn(['available', 'closed'])
  status?: 'available' | 'closed';

  @ApiPropertyOptional({ example: 'Infection control', description: 'Why the bed is closed' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CAPABILITIES.length)
  @IsIn(CAPABILITIES, { each: true })
  capabilities?: Capability[];

  @ApiPropertyOptional({ example: 'W2-04' })
  @IsOptional()
  @Matches(BED_LABEL_PATTERN, { message: 'must be 1-32 letters, digits, spaces, dots, slashes or dashes' })
  label?: string;
}

export class ListBedsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bed unit id' })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ enum: BED_STATUSES })
  @IsOptional()
  @IsIn(BED_STATUSES)
  status?: BedStatus;

  @ApiPropertyOptional({ example: 'Dover/Deal' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;
}
