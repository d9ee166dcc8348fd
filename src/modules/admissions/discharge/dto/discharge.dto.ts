import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../../common/pagination';
import { NotesField } from '../../dto/admission.dto';
import { ODS_PATTERN } from '../../../organisations/dto/organisation.dto';
import { INSTANT } from '../../../referrals/dto/referral.dto';
import { BooleanQuery } from '../../../tasks/dto/task.dto';
import { ATTRIBUTIONS, CRITERIA_VALUES, DELAY_CODE_LIST, LONG_STAY_THRESHOLDS, PATHWAYS, READINESS_STEPS, READINESS_VALUES } from '../domain/discharge-rules';
import { FormatQuery, WeeksQuery } from '../../../../common/validation/query-params';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SETTINGS = ['acute', 'community'] as const;

class Dated {
  @ApiPropertyOptional({ example: '2026-11-22T09:00:00Z', description: 'When it happened; default now. Not in the future, not before the admission.' })
  @IsOptional()
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  at?: string;

  @NotesField()
  notes?: string;
}

export class CriteriaToResideDto extends Dated {
  @ApiProperty({ enum: CRITERIA_VALUES, description: 'does_not_meet sets the Discharge Ready Date; meets clears it' })
  @IsIn(CRITERIA_VALUES)
  decision: (typeof CRITERIA_VALUES)[number];

  @ApiPropertyOptional({ example: '2026-11-22', description: 'The Discharge Ready Date when not the day of the decision' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' })
  dischargeReadyDate?: string;
}

export class ReadinessDto extends Dated {
  @ApiProperty({ enum: READINESS_STEPS })
  @IsIn(READINESS_STEPS)
  step: (typeof READINESS_STEPS)[number];

  @ApiPropertyOptional({ enum: READINESS_VALUES, default: 'ready', description: 'not_ready withdraws the step (the DTOC clock stops)' })
  @IsOptional()
  @IsIn(READINESS_VALUES)
  value?: (typeof READINESS_VALUES)[number];
}

export class DischargeReadyDateDto extends Dated {
  @ApiProperty({ example: '2026-11-22', description: 'The Discharge Ready Date (YYYY-MM-DD)' })
  @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' })
  date: string;
}

export class PathwayDto extends Dated {
  @ApiProperty({ enum: PATHWAYS, description: 'Discharge to Assess pathway 0-3' })
  @IsIn(PATHWAYS)
  pathway: (typeof PATHWAYS)[number];
}

export class DelayReasonDto extends Dated {
  @ApiProperty({ enum: DELAY_CODE_LIST })
  @IsIn(DELAY_CODE_LIST)
  code: (typeof DELAY_CODE_LIST)[number];

  @ApiPropertyOptional({ enum: ATTRIBUTIONS, description: "Default: the code's attribution" })
  @IsOptional()
  @IsIn(ATTRIBUTIONS)
  attribution?: (typeof ATTRIBUTIONS)[number];
}

export class BoardQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'ODS code of the hospital' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  hospital?: string;

  @ApiPropertyOptional({ description: 'The hospital ward, or for a community bed stay the bed unit (its name)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ward?: string;

  @ApiPropertyOptional({ enum: SETTINGS, description: 'acute: acute trust admissions; community: community trust admissions and community bed stays (step-up / step-down); default both' })
  @IsOptional()
  @IsIn(SETTINGS)
  setting?: (typeof SETTINGS)[number];

  @ApiPropertyOptional({ enum: PATHWAYS })
  @IsOptional()
  @IsIn(PATHWAYS)
  pathway?: (typeof PATHWAYS)[number];

  @ApiPropertyOptional({ description: 'true: ready for transfer only; false: not ready' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  readyForTransfer?: boolean;

  @ApiPropertyOptional({ description: 'Only stays of at least this many days (7, 14 or 21)', enum: LONG_STAY_THRESHOLDS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn(LONG_STAY_THRESHOLDS as unknown as number[])
  longStay?: number;

  @FormatQuery()
  format?: 'json' | 'csv';
}

export class SummaryQuery {
  @ApiPropertyOptional({ description: 'ODS code of the hospital' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  hospital?: string;
}

export class DelayedDaysTrendQuery {
  @WeeksQuery({ description: 'Number of whole weeks up to yesterday', default: 12, minimum: 1, maximum: 104 })
  weeks?: number;
}

export class StepView {
  @ApiProperty() value: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiProperty({ nullable: true, type: String }) byName: string | null;
}

export class ReadyForTransferView {
  @ApiProperty({ description: 'Clinically ready, MDT agreed and safe to transfer all hold' }) ready: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'When the last of the three was recorded: the DTOC clock starts here' }) since: string | null;
  @ApiProperty({ nullable: true, type: StepView }) clinicallyReady: StepView | null;
  @ApiProperty({ nullable: true, type: StepView }) mdtAgreed: StepView | null;
  @ApiProperty({ nullable: true, type: StepView }) safeToTransfer: StepView | null;
}

export class PathwayView {
  @ApiProperty({ enum: PATHWAYS }) value: string;
  @ApiProperty() meaning: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
}

export class CurrentDelayView {
  @ApiProperty({ enum: DELAY_CODE_LIST }) code: string;
  @ApiProperty({ enum: ATTRIBUTIONS }) attribution: string;
  @ApiProperty() since: string;
  @ApiProperty() by: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}

export class WaitingForView {
  @ApiProperty() bedRequestId: string;
  @ApiProperty() direction: string;
  @ApiProperty() status: string;
}

export class BoardItemView {
  @ApiProperty({ nullable: true, type: String, description: 'The hospital admission (null for a community bed stay)' }) admissionId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The community bed stay (null for a hospital admission)' }) bedStayId: string | null;
  @ApiProperty({ enum: SETTINGS, description: 'acute (acute trust), or community (community trust or community bed)' }) setting: 'acute' | 'community';
  @ApiProperty() nhsNumber: string;
  @ApiProperty() name: string;
  @ApiProperty() age: number;
  @ApiProperty({ description: "The hospital, or for a bed stay the organisation running the bed's unit" }) hospitalOds: string;
  @ApiProperty({ nullable: true, type: String, description: 'The ward, or for a bed stay the unit' }) ward: string | null;
  @ApiProperty() admittedAt: string;
  @ApiProperty({ description: 'Calendar days since the day of admission' }) lengthOfStayDays: number;
  @ApiProperty({ nullable: true, enum: LONG_STAY_THRESHOLDS, description: 'Highest long-stay threshold reached' }) longStay: number | null;
  @ApiProperty({ nullable: true, type: String }) estimatedDischargeDate: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'EDD first set within 24 h of admission (null while not set and admission under 24 h old)' })
  eddSetWithin24h: boolean | null;
  @ApiProperty({ nullable: true, type: StepView }) criteriaToReside: StepView | null;
  @ApiProperty({ type: ReadyForTransferView }) readyForTransfer: ReadyForTransferView;
  @ApiProperty({ nullable: true, type: String, description: 'Discharge Ready Date' }) dischargeReadyDate: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Days since the Discharge Ready Date (0 on the day)' }) daysSinceDischargeReady: number | null;
  @ApiProperty({ nullable: true, type: PathwayView }) pathway: PathwayView | null;
  @ApiProperty({ nullable: true, type: CurrentDelayView }) delay: CurrentDelayView | null;
  @ApiProperty({ type: [WaitingForView], description: 'Open community bed requests for this admission (none for a bed stay)' }) waitingFor: WaitingForView[];
  @ApiProperty({ type: [String], description: "Teams that knew the patient at admission (for a bed stay, the unit's team)" }) knownTo: string[];
}

export class HistoryEventView {
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: String }) value: string | null;
  @ApiProperty({ nullable: true, type: String }) readyDate: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() at: string;
  @ApiProperty() recordedAt: string;
  @ApiProperty() by: string;
}

export class DelayHistoryView {
  @ApiProperty() code: string;
  @ApiProperty() attribution: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
}

export class WorkspaceView extends BoardItemView {
  @ApiProperty({ type: [HistoryEventView], description: 'Every decision, oldest first' }) history: HistoryEventView[];
  @ApiProperty({ type: [DelayHistoryView], description: 'Every delay reason, oldest first' }) delayHistory: DelayHistoryView[];
}
