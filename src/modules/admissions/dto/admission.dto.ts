import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { IsNhsNumber } from '../../../common/validation/is-nhs-number.decorator';
import { stacked } from '../../../common/validation/stacked';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { INSTANT } from '../../referrals/dto/referral.dto';
import { BooleanQuery } from '../../tasks/dto/task.dto';
import { ADMISSION_METHODS, ADMISSION_STATUSES, DELAY_REASONS, DISCHARGE_DESTINATIONS } from '../domain/admission-rules';

const NOT_BLANK = /\S/;

/** Free-text notes on an admission or its discharge: optional, not blank, at most 2,000 characters. */
export const NotesField = () =>
  stacked(ApiPropertyOptional({ maxLength: 2000 }), IsOptional(), IsString(), Matches(NOT_BLANK, { message: 'must not be blank' }), MaxLength(2000));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateAdmissionDto {
  @ApiProperty({ example: '999 000 0018' })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiProperty({ example: 'RVV', description: 'ODS code of the admitting trust (acute, community or mental health)' })
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  hospitalOds: string;

  @ApiPropertyOptional({ example: 'Cambridge M2' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ward?: string;

  @ApiProperty({ example: '2026-11-20T14:30:00Z' })
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  admittedAt: string;

  @ApiProperty({ enum: ADMISSION_METHODS })
  @IsIn(ADMISSION_METHODS)
  method: (typeof ADMISSION_METHODS)[number];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class EstimatedDischargeDto {
  @ApiProperty({ example: '2026-11-27', description: 'Estimated date of discharge (YYYY-MM-DD)' })
  @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' })
  date: string;
}

export class MedicallyOptimisedDto {
  @ApiPropertyOptional({ example: '2026-11-22T09:00:00Z', description: 'Default now' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  at?: string;
}

export class DelayDto {
  @ApiProperty({ enum: DELAY_REASONS })
  @IsIn(DELAY_REASONS)
  reason: (typeof DELAY_REASONS)[number];

  @NotesField()
  notes?: string;
}

export class DischargeDto {
  @ApiProperty({ example: '2026-11-25T11:00:00Z' })
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  at: string;

  @ApiProperty({ enum: DISCHARGE_DESTINATIONS })
  @IsIn(DISCHARGE_DESTINATIONS)
  destination: (typeof DISCHARGE_DESTINATIONS)[number];

  @ApiPropertyOptional({ example: 'VM001', description: 'With care_home_new: ODS code of the care home (recorded in the residence history)' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  careHomeOds?: string;
}

export class ListAdmissionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ADMISSION_STATUSES })
  @IsOptional()
  @IsIn(ADMISSION_STATUSES)
  status?: (typeof ADMISSION_STATUSES)[number];

  @ApiPropertyOptional({ description: 'ODS code of the hospital' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  hospital?: string;

  @ApiPropertyOptional({ description: 'true: the medically-optimised list (longest waiting first); false: not yet optimised' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  medicallyOptimised?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;
}

export class KnownToView {
  @ApiProperty() teamCode: string;
  @ApiProperty({ example: 'gp_practice_alignment' }) relationship: string;
}

export class DelayView {
  @ApiProperty({ enum: DELAY_REASONS }) reason: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
}

export class LinkedBedRequestView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['step_up', 'step_down'] }) direction: string;
  @ApiProperty() status: string;
}

export class AdmissionView {
  @ApiProperty() id: string;
  @ApiProperty() nhsNumber: string;
  @ApiProperty() hospitalOds: string;
  @ApiProperty({ nullable: true, type: String }) ward: string | null;
  @ApiProperty() admittedAt: string;
  @ApiProperty({ enum: ADMISSION_METHODS }) method: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ enum: ADMISSION_STATUSES }) status: string;
  @ApiProperty({ description: 'Emergency admission within the readmission window of a discharge' }) readmission: boolean;
  @ApiProperty({ nullable: true, type: String }) previousAdmissionId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The integrated discharge team that recorded it' }) idtTeamCode: string | null;
  @ApiProperty({ type: [KnownToView], description: 'Teams that knew the patient at admission, and why' }) knownTo: KnownToView[];
  @ApiProperty({ description: 'Alerts raised by the admission (admission and readmission)' }) alertsRaised: number;
  @ApiProperty({ nullable: true, type: String }) estimatedDischargeDate: string | null;
  @ApiProperty({ nullable: true, type: String }) medicallyOptimisedAt: string | null;
  @ApiProperty({ type: [DelayView] }) delays: DelayView[];
  @ApiProperty({ description: 'Days from medically optimised to discharge (so far, while an inpatient)' }) delayedDays: number;
  @ApiProperty({ nullable: true, type: String }) dischargedAt: string | null;
  @ApiProperty({ nullable: true, enum: DISCHARGE_DESTINATIONS }) destination: string | null;
  @ApiProperty({ type: [LinkedBedRequestView], description: 'Community bed requests raised for this admission (step-down)' })
  bedRequests: LinkedBedRequestView[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}
