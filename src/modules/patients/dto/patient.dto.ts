import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsObject,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { NHS_NUMBER_STATUS_CODES, type NhsNumberStatus } from '../../identity/domain/nhs-number-status';
import { IsNhsNumber } from '../../../common/validation/is-nhs-number.decorator';
import { ODS_PATTERN } from '../../organisations/dto/organisation.dto';
import { TEAM_CODE_PATTERN } from '../../teams/dto/team.dto';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[\p{L}\p{M}' .-]+$/u;

export class AddressDto {
  @ApiProperty({ example: '1 Harbour Street' })
  @IsString()
  @Length(1, 200)
  line1: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  line2?: string;

  @ApiPropertyOptional({ example: 'Dover' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  town?: string;

  @ApiPropertyOptional({ example: 'CT16 1AA' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/, { message: 'must be a UK postcode' })
  postcode?: string;
}

export class CareCoordinatorDto {
  @ApiProperty({ example: 'staff-123' })
  @IsString()
  @Length(1, 128)
  staffId: string;

  @ApiProperty({ example: 'Sam Jones' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'SKC-NCT-DD1' })
  @Matches(TEAM_CODE_PATTERN, { message: 'must be a team code' })
  teamCode: string;
}

/** PUT /patients/{nhsNumber}: the whole demographic record (fields left out are cleared). */
export class UpsertPatientDto {
  @ApiProperty({ example: 'Ada' })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'may contain letters, spaces, apostrophes, dots and hyphens' })
  givenName: string;

  @ApiProperty({ example: 'Lovelace' })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'may contain letters, spaces, apostrophes, dots and hyphens' })
  familyName: string;

  @ApiProperty({ example: '1940-12-10', description: 'YYYY-MM-DD' })
  @Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be a real date' })
  dateOfBirth: string;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES)
  sex?: (typeof SEXES)[number];

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: '01304 000000' })
  @IsOptional()
  @Matches(/^\+?[\d ()-]{6,20}$/, { message: 'must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'Z99001' })
  @IsOptional()
  @Matches(ODS_PATTERN, { message: 'must be an ODS code' })
  gpPracticeOds?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  careHomeResident?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  livesAlone?: boolean;

  @ApiPropertyOptional({ description: 'ISO 8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deceasedAt?: string;

  @ApiPropertyOptional({ enum: NHS_NUMBER_STATUS_CODES, description: 'NHS number status indicator code (01 present and verified .. 08); default 02' })
  @IsOptional()
  @IsIn(NHS_NUMBER_STATUS_CODES)
  nhsNumberStatus?: NhsNumberStatus;

  @ApiPropertyOptional({ deprecated: true, description: 'Old form of nhsNumberStatus, still accepted: true -> 01, false -> 02' })
  @IsOptional()
  @IsBoolean()
  nhsNumberVerified?: boolean;

  @ApiPropertyOptional({ type: CareCoordinatorDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CareCoordinatorDto)
  careCoordinator?: CareCoordinatorDto;
}

export class SearchPatientsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'An NHS number, or "<family name> <YYYY-MM-DD>"', example: 'Lovelace 1940-12-10' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  search?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  familyName?: string;

  @ApiPropertyOptional({ example: '1940-12-10' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;
}
