import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorQuery, LimitQuery } from '../../../common/pagination';

/**
 * Every FHIR search parameter the service understands (each resource type accepts the subset the
 * CapabilityStatement lists; others answer 400 with an OperationOutcome). A repeated date
 * parameter (`_lastUpdated=ge…&_lastUpdated=lt…`) arrives as an array.
 */
export class FhirSearchQuery {
  @ApiPropertyOptional({ description: 'Patient/<NHS number> or the NHS number' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  patient?: string;

  @ApiPropertyOptional({ description: 'https://fhir.nhs.uk/Id/nhs-number|<NHS number> (Patient), or the resource identifier' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  identifier?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  _id?: string;

  @ApiPropertyOptional({ description: 'FHIR status code of the resource type' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  status?: string;

  @ApiPropertyOptional({ description: 'Task code: triage or a team task type' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  code?: string;

  @ApiPropertyOptional({ description: 'Patient family name (with birthdate)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  family?: string;

  @ApiPropertyOptional({ description: 'Patient birth date YYYY-MM-DD (with family)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  birthdate?: string;

  @ApiPropertyOptional({ description: '[prefix]date, repeatable', type: String })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  _lastUpdated?: string | string[];

  @ApiPropertyOptional({ description: '[prefix]date, repeatable', type: String })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  date?: string | string[];

  @LimitQuery()
  _count?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  _sort?: string;

  @ApiPropertyOptional({ description: '<Type>:patient' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  _include?: string;

  @CursorQuery('Opaque cursor from a Bundle next link')
  _cursor?: string;

  @ApiPropertyOptional({ description: 'Location/<bed unit id>: the beds of a unit' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  partof?: string;
}
