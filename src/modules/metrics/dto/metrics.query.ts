import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { FormatQuery, WeeksQuery } from '../../../common/validation/query-params';

export class MetricsQuery {
  @ApiPropertyOptional({ description: 'Start of the period (inclusive); default 3 months before `to`', example: '2026-04-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (exclusive); default now', example: '2026-07-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'GP practice ODS code', example: 'G82001' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  practice?: string;

  @ApiPropertyOptional({ example: 'Dover/Deal' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;

  @FormatQuery()
  format?: 'json' | 'csv';
}

export class TrendQuery {
  @WeeksQuery({ description: 'Number of whole weeks up to now', default: 12, minimum: 1, maximum: 104 })
  weeks?: number;

  @ApiPropertyOptional({ example: 'Dover/Deal' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;
}
