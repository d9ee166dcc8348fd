import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CONSENT_DECISIONS, CONSENT_SCOPES, type ConsentDecision } from '../domain/consent';
import { AGREEMENT_ROLES, type AgreementRole } from '../domain/plan-status';
import { MAX_CONTACTS, MAX_SECTION_CHARS, PLAIN_TEXT, RESUSCITATION_STATUSES, type ResuscitationStatus } from '../domain/sections';
import { stacked } from '../../../common/validation/stacked';

/** An ISO 8601 instant with a time and an offset (api.md Conventions). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const NOT_BLANK = /\S/;
const PLAIN = { message: '$property must be plain text (no control characters)' };

/** A person's name (a contact, a party to the agreement): required, plain text, at most 200 characters. */
const PersonName = () => stacked(ApiProperty({ maxLength: 200 }), IsString(), Matches(NOT_BLANK), MaxLength(200), Matches(PLAIN_TEXT, PLAIN));

/** A plain-text section: optional, nullable, at most MAX_SECTION_CHARS characters. */
function Section(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description, maxLength: MAX_SECTION_CHARS, nullable: true, type: String })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(MAX_SECTION_CHARS)(target, key);
    Matches(PLAIN_TEXT, PLAIN)(target, key);
  };
}

export class ContactDto {
  @PersonName()
  name: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PLAIN_TEXT, PLAIN)
  role?: string | null;

  @ApiProperty({ maxLength: 32, example: '01304 865400' })
  @IsString()
  @Matches(/^\+?[0-9 ()-]{3,32}$/, { message: 'phone must be a telephone number' })
  phone: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  available24x7?: boolean;
}

export class ResuscitationDto {
  @ApiProperty({ enum: RESUSCITATION_STATUSES })
  @IsIn(RESUSCITATION_STATUSES)
  status: ResuscitationStatus;

  @ApiPropertyOptional({ description: 'When the decision was documented (ISO 8601 with offset)', nullable: true, type: String })
  @IsOptional()
  @Matches(INSTANT, { message: 'documentedAt must be an ISO 8601 date-time with an offset' })
  documentedAt?: string | null;

  @ApiPropertyOptional({ description: 'Who made or documented the decision', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PLAIN_TEXT, PLAIN)
  by?: string | null;
}

/** A whole plan: every save is a complete new version (sections left out are empty in it). */
export class SaveCarePlanDto {
  @Section('What matters to me, in the patient\'s words') whatMattersToMe?: string | null;
  @Section('Goals and wishes') goals?: string | null;
  @Section('Needs') needs?: string | null;
  @Section('Possible pressure points') pressurePoints?: string | null;
  @Section('Crisis and escalation plan') crisisPlan?: string | null;
  @Section('Medicines summary') medicationsSummary?: string | null;
  @Section('Anticipatory medications') anticipatoryMedications?: string | null;
  @Section('Mental capacity') capacity?: string | null;
  @Section('Preferred place of care') preferredPlaceOfCare?: string | null;
  @Section('Preferred place of death') preferredPlaceOfDeath?: string | null;
  @Section('Carers') carers?: string | null;

  @ApiPropertyOptional({ type: [ContactDto], maxItems: MAX_CONTACTS, description: 'Contacts, including 24/7 ones' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONTACTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[] | null;

  @ApiPropertyOptional({ type: ResuscitationDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResuscitationDto)
  resuscitation?: ResuscitationDto | null;

  @ApiPropertyOptional({ description: 'When the plan is due for review (ISO 8601 with offset)', nullable: true, type: String })
  @IsOptional()
  @Matches(INSTANT, { message: 'reviewDueAt must be an ISO 8601 date-time with an offset' })
  reviewDueAt?: string | null;
}

export class AgreementDto {
  @ApiProperty({ enum: AGREEMENT_ROLES, description: 'gp is the accountable lead; patient or representative the patient side' })
  @IsIn(AGREEMENT_ROLES)
  role: AgreementRole;

  @PersonName()
  name: string;

  @ApiProperty({ description: 'The patient took part in this agreement (counts as the patient side)' })
  @IsBoolean()
  patientInvolved: boolean;

  @ApiPropertyOptional({ maxLength: 200, description: "Role gp recorded by anyone but a GP of the patient's registered practice: the GP it is recorded for (required then)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PLAIN_TEXT, PLAIN)
  recordedOnBehalfOf?: string;
}

export class ConsentDto {
  @ApiProperty({ enum: CONSENT_DECISIONS })
  @IsIn(CONSENT_DECISIONS)
  decision: ConsentDecision;

  @ApiProperty({ enum: CONSENT_SCOPES })
  @IsIn(CONSENT_SCOPES)
  scope: 'care_plan_sharing';

  @ApiProperty({ description: 'Who asked the patient (name)', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @Matches(NOT_BLANK)
  @MaxLength(200)
  @Matches(PLAIN_TEXT, PLAIN)
  recordedBy: string;

  @ApiProperty({ description: 'When the decision was taken (ISO 8601 with offset)' })
  @Matches(INSTANT, { message: 'recordedAt must be an ISO 8601 date-time with an offset' })
  recordedAt: string;

  @ApiPropertyOptional({ maxLength: MAX_SECTION_CHARS, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SECTION_CHARS)
  @Matches(PLAIN_TEXT, PLAIN)
  notes?: string | null;

  @ApiPropertyOptional({ maxLength: 200, description: 'best_interests: who made the decision (name and role); required then' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PLAIN_TEXT, PLAIN)
  decisionMaker?: string;

  @ApiPropertyOptional({ description: 'best_interests: whether a lasting power of attorney for health and welfare exists; required then' })
  @IsOptional()
  @IsBoolean()
  healthAndWelfareLpa?: boolean;

  @ApiPropertyOptional({ description: 'best_interests with an LPA: the decision maker is the attorney (must be true then)' })
  @IsOptional()
  @IsBoolean()
  decisionMakerIsAttorney?: boolean;
}
