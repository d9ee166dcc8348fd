import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../pagination';
import { IsNhsNumber } from '../../validation/is-nhs-number.decorator';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({ description: 'The actor (JWT sub)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  actor?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
