import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { IsOperatingHours } from '../../../common/validation/is-operating-hours.decorator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import type { OperatingHours } from '../domain/operating-hours';
import { TEAM_TYPES, TeamEntity, TeamType } from '../team.entity';

export const TEAM_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

export class CreateTeamDto {
  @ApiProperty({ example: 'SKC-SPOA' })
  @Matches(TEAM_CODE_PATTERN, { message: 'must be 2-32 upper-case letters, digits or dashes' })
  code: string;

  @ApiProperty({ example: 'South Kent Coast Single Point of Access' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: TEAM_TYPES })
  @IsIn(TEAM_TYPES)
  type: TeamType;

  @ApiProperty({ example: 'SKCCT' })
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  organisationOds: string;

  @ApiPropertyOptional({ type: [String], description: 'GP practices this team serves' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(ODS_PATTERN, { each: true, message: 'each must be an ODS code' })
  alignedPracticeOds?: string[];

  @ApiProperty({
    description: '"24/7" or weekly ranges in Europe/London time',
    example: [{ day: 'mon', open: '08:00', close: '18:00' }],
    oneOf: [{ type: 'string', enum: ['24/7'] }, { type: 'array', items: { type: 'object' } }],
  })
  @IsOperatingHours()
  operatingHours: OperatingHours;

  @ApiPropertyOptional({ example: 'Dover/Deal' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;
}

/** PATCH: any field may be left out, but a required field sent as null is a 400 (not a 500). */
export class UpdateTeamDto extends PartialType(OmitType(CreateTeamDto, ['code'] as const), { skipNullProperties: false }) {}

export class ListTeamsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TEAM_TYPES })
  @IsOptional()
  @IsIn(TEAM_TYPES)
  type?: TeamType;

  @ApiPropertyOptional({ description: 'Teams aligned to this GP practice' })
  @IsOptional()
  @Matches(ODS_PATTERN)
  practice?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  locality?: string;
}

export interface TeamView {
  code: string;
  name: string;
  type: TeamType;
  organisationOds: string;
  alignedPracticeOds: string[];
  operatingHours: OperatingHours;
  locality: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toTeamView(t: TeamEntity, practices: string[]): TeamView {
  return {
    code: t.code,
    name: t.name,
    type: t.type,
    organisationOds: t.organisationOds,
    alignedPracticeOds: [...practices].sort(),
    operatingHours: t.operatingHours,
    locality: t.locality,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
