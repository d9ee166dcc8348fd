import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';
import { ORGANISATION_TYPES, OrganisationEntity, OrganisationType } from '../organisation.entity';

export const ODS_PATTERN = /^[A-Z0-9]{3,12}$/;

export class CreateOrganisationDto {
  @ApiProperty({ example: 'G82001', description: 'ODS code, 3-12 upper-case letters and digits' })
  @Matches(ODS_PATTERN, { message: 'must be 3-12 upper-case letters or digits' })
  odsCode: string;

  @ApiProperty({ example: 'Dover Harbour Surgery' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type: OrganisationType;

  @ApiPropertyOptional({ example: 'Dover/Deal', description: 'Locality (practices carry one)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locality?: string;
}

/** PATCH: any field may be left out, but a required field sent as null is a 400 (not a 500). */
export class UpdateOrganisationDto extends PartialType(OmitType(CreateOrganisationDto, ['odsCode'] as const), { skipNullProperties: false }) {}

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  locality?: string;
}

export interface OrganisationView {
  odsCode: string;
  name: string;
  type: OrganisationType;
  locality: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toOrganisationView(o: OrganisationEntity): OrganisationView {
  return {
    odsCode: o.odsCode,
    name: o.name,
    type: o.type,
    locality: o.locality,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}
