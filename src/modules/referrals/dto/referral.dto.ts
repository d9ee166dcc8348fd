import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { IsNhsNumber } from '../../../common/validation/is-nhs-number.decorator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { UpsertPatientDto } from '../../patients/dto/patient.dto';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';
import { BooleanQuery } from '../../tasks/dto/task.dto';
import {
  MAX_TEXT,
  OUTCOMES,
  type Outcome,
  type ReferralService,
  SERVICES,
  SOURCE_TYPES,
  type SourceType,
  TRIAGE_DECISIONS,
  type TriageDecision,
  URGENCIES,
  type Urgency,
} from '../domain/catalogue';
import { REFERRAL_STATUSES, type ReferralStatus } from '../domain/referral-state';

/** An ISO 8601 instant with a time and an offset (api.md Conventions). */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const NOT_BLANK = /\S/;

export class ReferralSourceDto {
  @ApiProperty({ enum: SOURCE_TYPES, example: 'ae' })
  @IsIn(SOURCE_TYPES)
  type: SourceType;

  @ApiPropertyOptional({ example: 'ZEKHT', description: 'ODS code of the referring organisation' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  organisationOds?: string;

  @ApiPropertyOptional({ example: 'Dr A Registrar, ED', description: 'Who referred' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: '01227 000000 bleep 1234', description: 'How to reach the referrer' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  contact?: string;
}

/** Demographics of a patient the service does not know yet (required when there is no NHS number). */
export class ReferralPatientDto extends PickType(UpsertPatientDto, [
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'address',
  'phone',
  'gpPracticeOds',
  'careHomeResident',
  'livesAlone',
] as const) {}

export class CreateReferralDto {
  @ApiPropertyOptional({ example: '999 000 0018', description: 'The patient; omit when not known (send `patient`)' })
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({
    type: ReferralPatientDto,
    description: 'Required without an NHS number (the patient is flagged needsTracing); registers an unknown NHS number; ignored for a known patient',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralPatientDto)
  patient?: ReferralPatientDto;

  @ApiProperty({ type: ReferralSourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralSourceDto)
  source: ReferralSourceDto;

  @ApiProperty({ example: 'Fall at home, long lie, lives alone; A&E would like to avoid admission', maxLength: MAX_TEXT })
  @IsString()
  @Length(1, MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  reason: string;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: Urgency;

  @ApiPropertyOptional({ enum: SERVICES, description: 'The service the referrer asks for (triage decides)' })
  @IsOptional()
  @IsIn(SERVICES)
  requestedService?: ReferralService;

  @ApiPropertyOptional({ type: [String], example: ['mobility', 'medication'], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  needs?: string[];

  @ApiPropertyOptional({ example: '2026-03-02T12:00:00Z', description: 'A tighter response time than the urgency target; must be in the future' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  respondBy?: string;
}

export class TriageDestinationDto {
  @ApiProperty({ enum: SERVICES })
  @IsIn(SERVICES)
  service: ReferralService;

  @ApiPropertyOptional({ example: 'SKC-RR-DD', description: 'A named team; without it the service is routed by practice, locality and opening hours' })
  @IsOptional()
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  teamCode?: string;
}

export class TriageDto {
  @ApiProperty({ enum: TRIAGE_DECISIONS })
  @IsIn(TRIAGE_DECISIONS)
  decision: TriageDecision;

  @ApiPropertyOptional({ type: [TriageDestinationDto], description: 'Required to accept: one or more services (coordinated assessment)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TriageDestinationDto)
  destinations?: TriageDestinationDto[];

  @ApiPropertyOptional({ enum: URGENCIES, description: 'Change the urgency (needs a reason); respondBy follows from receipt' })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  notes?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT, description: 'Required to return, decline or change the urgency' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_TEXT)
  reason?: string;
}

/** Which routed part a team-side action is about: needed only when your teams hold several. */
class DestinationChoice {
  @ApiPropertyOptional({ description: 'The routed part (default: the one held by your team)' })
  @IsOptional()
  @IsUUID()
  destinationId?: string;
}

export class AcceptReferralDto extends DestinationChoice {
  @ApiPropertyOptional({ example: 'staff-123', description: 'Who takes it (default: you)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  assignedTo?: string;
}

export class FirstContactDto extends DestinationChoice {
  @ApiPropertyOptional({ example: '2026-03-02T11:10:00Z', description: 'When the patient was first contacted (default: now)' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  at?: string;
}

export class CompleteReferralDto extends DestinationChoice {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  notes?: string;
}

export class CancelReferralDto {
  @ApiProperty({ example: 'Patient admitted via GP', maxLength: MAX_TEXT })
  @IsString()
  @Length(1, MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  reason: string;
}

export class ReassignReferralDto extends DestinationChoice {
  @ApiProperty({ example: 'SKC-NCT-DD2' })
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  teamCode: string;

  @ApiProperty({ example: 'Patient registered with a practice of the other neighbourhood', maxLength: MAX_TEXT })
  @IsString()
  @Length(1, MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  reason: string;
}

export const STATUS_FILTERS = ['open', 'all', ...REFERRAL_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUS_FILTERS, default: 'open', description: 'open = awaiting triage, accepted or in progress' })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: StatusFilter;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: "A receiving team's worklist (its routed parts); care staff may name their own teams only" })
  @IsOptional()
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  team?: string;

  @ApiPropertyOptional({ example: '9990000018' })
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({ description: 'true: only breached; false: only not breached' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  breached?: boolean;

  @ApiPropertyOptional({ description: 'true: awaiting triage, or routed but nobody has taken it (accepted) yet' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  unassigned?: boolean;
}

export type { ReferralStatus };
