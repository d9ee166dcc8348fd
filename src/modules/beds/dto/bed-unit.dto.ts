import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';
import { MIX_BASES, MixBasis, PURPOSES, Purpose, SETTINGS, Setting } from '../domain/types';
import { WeeksQuery } from '../../../common/validation/query-params';

export class CreateBedUnitDto {
  @ApiProperty({ example: 'Deal Hospital, Ward 2' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'ZKCHT' })
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  organisationOds: string;

  @ApiProperty({ enum: SETTINGS })
  @IsIn(SETTINGS)
  setting: Setting;

  @ApiProperty({ example: 'Dover/Deal' })
  @IsString()
  @Length(1, 64)
  locality: string;

  @ApiPropertyOptional({ default: 0.6, description: 'Step-down share of admissions the unit aims for (BEDS_STEP_DOWN_TARGET by default)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  stepDownTarget?: number;

  @ApiPropertyOptional({ default: 28, description: 'Rolling window for the mix, days (BEDS_WINDOW_DAYS by default)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  windowDays?: number;

  @ApiPropertyOptional({ example: 'SKC-IC-DD', description: "The unit's team; when left out a team is created for the unit" })
  @IsOptional()
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  teamCode?: string;

  @ApiPropertyOptional({
    enum: PURPOSES,
    isArray: true,
    nullable: true,
    description:
      'Only requests with one of these purposes (null: any). Community hospitals default to comprehensive_assessment, nursing_rehabilitation and carer_respite when BEDS_RESTRICT_COMMUNITY_HOSPITALS is on.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PURPOSES.length)
  @IsIn(PURPOSES, { each: true })
  allowedPurposes?: Purpose[] | null;

  @ApiPropertyOptional({
    enum: MIX_BASES,
    nullable: true,
    description: 'What the 60/40 target is measured on: admissions, or bed-days used (null or left out: BEDS_MIX_BASIS)',
  })
  @IsOptional()
  @IsIn(MIX_BASES)
  mixBasis?: MixBasis | null;
}

export class ListBedUnitsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'Dover/Deal' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;

  @ApiPropertyOptional({ enum: SETTINGS })
  @IsOptional()
  @IsIn(SETTINGS)
  setting?: Setting;
}

export class MixQuery {
  @ApiPropertyOptional({ description: "Window in days (default: the unit's window)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  windowDays?: number;
}

export class SystemMixQuery extends MixQuery {
  @ApiPropertyOptional({ example: 'Dover/Deal', description: 'Only units in this locality (default: every unit)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;
}

export class CapacityPlanQuery {
  @ApiPropertyOptional({ example: 35, description: 'Required unless fromHistory is given' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(5000)
  arrivalsPerWeek?: number;

  @ApiPropertyOptional({ example: 14, description: 'Required unless fromHistory is given' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(365)
  meanLengthOfStayDays?: number;

  @ApiPropertyOptional({ example: '12w', description: 'Use the arrival rate and mean length of stay observed over the last N weeks (1w-104w) instead' })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9]\d{0,2}w$/, { message: 'must be a number of weeks, e.g. 12w' })
  fromHistory?: string;

  @ApiProperty({ example: 0.05, description: 'Largest acceptable share of arrivals finding every bed full, 0 < p < 1' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(0.9999)
  maxRefusalRate: number;
}

export class UnmetDemandQuery {
  @WeeksQuery({ default: 12, description: 'How many weeks back (this week included)' })
  weeks?: number;
}
