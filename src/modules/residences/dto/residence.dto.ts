import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { INSTANT } from '../../referrals/dto/referral.dto';
import { REABLEMENT_SETTINGS, RESIDENCE_KINDS } from '../domain/residence-rules';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecordResidenceDto {
  @ApiProperty({ enum: RESIDENCE_KINDS, description: 'home, or a long-term care home placement' })
  @IsIn(RESIDENCE_KINDS)
  kind: (typeof RESIDENCE_KINDS)[number];

  @ApiPropertyOptional({ example: 'VM001', description: 'ODS code of the care home (an organisation of type care_home); only with kind care_home' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  careHomeOds?: string;

  @ApiProperty({ example: '2026-03-01', description: 'The day the person moved (YYYY-MM-DD)' })
  @Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' })
  from: string;
}

export class RecordReablementDto {
  @ApiProperty({ example: '2026-03-01T10:00:00Z' })
  @Matches(INSTANT, { message: 'must be an ISO 8601 instant with an offset' })
  startedAt: string;

  @ApiProperty({ enum: REABLEMENT_SETTINGS, description: 'Reablement at home, or rehabilitation in a bed' })
  @IsIn(REABLEMENT_SETTINGS)
  setting: (typeof REABLEMENT_SETTINGS)[number];

  @ApiPropertyOptional({ description: 'The hospital admission whose discharge it follows' })
  @IsOptional()
  @IsUUID()
  admissionId?: string;

  @ApiPropertyOptional({ description: 'The referral it answers' })
  @IsOptional()
  @IsUUID()
  referralId?: string;
}

export class ResidenceView {
  @ApiProperty({ enum: RESIDENCE_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) careHomeOds: string | null;
  @ApiProperty() from: string;
  @ApiProperty({ nullable: true, type: String, description: 'Exclusive; null while current' }) to: string | null;
  @ApiProperty() source: string;
}

export class ResidenceHistoryView {
  @ApiProperty() nhsNumber: string;
  @ApiProperty({ type: [ResidenceView], description: 'Oldest first' }) items: ResidenceView[];
}
