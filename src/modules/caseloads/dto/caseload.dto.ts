import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { IsNhsNumber } from '../../../common/validation/is-nhs-number.decorator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { INSTANT } from '../../referrals/dto/referral.dto';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';
import { DISCIPLINES, EPISODE_STATUSES, type EpisodeStatus } from '../domain/episode-state';
import { FRAILTY_CATEGORIES, type Frailty, LONG_TERM_CONDITIONS, type LongTermCondition } from '../domain/risk-model';

const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/;
export const MAX_JSON_ROWS = 100_000;

/** Where a risk import comes from: the practice, the tool (model) and the run date. */
export class ImportTarget {
  @ApiProperty({ example: 'G82001', description: 'ODS code of the GP practice whose patients are scored' })
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  practiceOds: string;

  @ApiProperty({ example: 'eMIS-RS', description: 'Name of the risk stratification tool' })
  @Matches(MODEL_PATTERN, { message: 'must be 1-64 letters, digits, spaces or . _ ( ) -' })
  model: string;

  @ApiPropertyOptional({ example: '2.1' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  modelVersion?: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'When the tool ran (ISO 8601 with offset)' })
  @Matches(INSTANT, { message: 'must be an ISO 8601 time with an offset' })
  computedAt: string;
}

export class ImportRiskScoresDto extends ImportTarget {
  @ApiProperty({
    description: 'One object per patient: { nhsNumber, score, ...factors }. Factors are kept as sent (numbers, text, true/false).',
    example: [{ nhsNumber: '9990000018', score: 0.42, emergencyAdmissions12m: 2 }],
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMaxSize(MAX_JSON_ROWS)
  rows: unknown[];
}

/** text/csv imports carry the practice, model and run date in the query string. */
export class ImportCsvQuery extends ImportTarget {}

export class RiskAssessmentDto {
  @ApiProperty({ example: 82, minimum: 0, maximum: 130 })
  @IsInt()
  @Min(0)
  @Max(130)
  age: number;

  @ApiPropertyOptional({ example: 1, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  emergencyAdmissions12m?: number;

  @ApiPropertyOptional({ example: 2, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  aeAttendances6m?: number;

  @ApiPropertyOptional({ enum: LONG_TERM_CONDITIONS, isArray: true, example: ['heart_failure', 'copd'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LONG_TERM_CONDITIONS.length)
  @IsIn(LONG_TERM_CONDITIONS, { each: true })
  longTermConditions?: LongTermCondition[];

  @ApiPropertyOptional({ enum: FRAILTY_CATEGORIES, description: 'Electronic Frailty Index category: fit <=0.12, mild <=0.24, moderate <=0.36, severe >0.36' })
  @IsOptional()
  @IsIn(FRAILTY_CATEGORIES)
  frailty?: Frailty;

  @ApiPropertyOptional({ description: 'Ten or more regular medicines' })
  @IsOptional()
  @IsBoolean()
  polypharmacy?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  careHomeResident?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  livesAlone?: boolean;

  @ApiPropertyOptional({ description: 'Discharged from hospital in the last 30 days' })
  @IsOptional()
  @IsBoolean()
  recentDischarge?: boolean;
}

export const CASELOAD_STATUS_FILTERS = [...EPISODE_STATUSES, 'none'] as const;
export type CaseloadStatusFilter = (typeof CASELOAD_STATUS_FILTERS)[number];

export class CaseloadQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Risk tier 1 (highest) .. thresholds+1 (the rest)', minimum: 1, maximum: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  tier?: number;

  @ApiPropertyOptional({ enum: CASELOAD_STATUS_FILTERS, description: 'Status of the open episode; none = no open episode' })
  @IsOptional()
  @IsIn(CASELOAD_STATUS_FILTERS)
  status?: CaseloadStatusFilter;

  @ApiPropertyOptional({ example: '2026-06-30T23:59:59Z', description: 'Rank by each patient’s newest score up to this moment (who was high risk then)' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be an ISO 8601 time with an offset' })
  asOf?: string;

  @ApiPropertyOptional({ example: 'eMIS-RS', description: 'Rank only patients whose latest score (as of asOf) is from this tool: scores of different tools are not on one scale' })
  @IsOptional()
  @Matches(MODEL_PATTERN, { message: 'must be a model name' })
  model?: string;
}

export class WhoNextQuery {
  @ApiProperty({ example: 'G82001', description: 'ODS code of the GP practice' })
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  practice: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class CareCoordinatorDto {
  @ApiProperty({ example: 'staff-123', description: 'The named care coordinator (JWT sub)' })
  @IsString()
  @Length(1, 128)
  staffId: string;

  @ApiProperty({ example: 'Sam Jones' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'SKC-NCT-DOVER', description: "The coordinator's team: it holds the episode and its capacity" })
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  teamCode: string;
}

export class CreateEpisodeDto {
  @ApiProperty({ example: '9990000018' })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiPropertyOptional({ example: 'G82001', description: "The patient's GP practice (must match the registration; defaults to it)" })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  practiceOds?: string;

  @ApiProperty({ type: CareCoordinatorDto })
  @ValidateNested()
  @Type(() => CareCoordinatorDto)
  careCoordinator: CareCoordinatorDto;

  @ApiPropertyOptional({ example: 'Dr A Patel', description: 'The GP who is the accountable lead professional' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  accountableGp?: string;
}

export class TransitionEpisodeDto {
  @ApiProperty({ enum: EPISODE_STATUSES })
  @IsIn(EPISODE_STATUSES)
  to: EpisodeStatus;

  @ApiPropertyOptional({ description: 'Required for declined and withdrawn' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'When it happened (default now); not in the future, not before the last change' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be an ISO 8601 time with an offset' })
  at?: string;

  @ApiPropertyOptional({ enum: DISCIPLINES, isArray: true, description: 'With to=mdt_review: who took part in the joint assessment (gp required)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DISCIPLINES.length)
  @IsString({ each: true })
  disciplines?: string[];
}
