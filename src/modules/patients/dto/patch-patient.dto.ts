import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import type { PatientEntity } from '../patient.entity';
import { AddressDto, CareCoordinatorDto, UpsertPatientDto } from './patient.dto';

export class PatchAddressDto extends PartialType(AddressDto) {}
export class PatchCareCoordinatorDto extends PartialType(CareCoordinatorDto) {}

/**
 * PATCH /patients/{nhsNumber}: a JSON merge patch (RFC 7396) of the record PUT writes. Only the
 * fields sent change; `null` clears an optional field (booleans go back to false); a required field
 * (givenName, familyName, dateOfBirth) cannot be cleared. The merged record is validated as a PUT body.
 */
export class PatchPatientDto extends PartialType(OmitType(UpsertPatientDto, ['address', 'careCoordinator'] as const)) {
  @ApiPropertyOptional({ type: PatchAddressDto, nullable: true, description: 'Merged into the current address; null clears it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatchAddressDto)
  address?: PatchAddressDto | null;

  @ApiPropertyOptional({ type: PatchCareCoordinatorDto, nullable: true, description: 'Merged into the current care coordinator; null clears it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatchCareCoordinatorDto)
  careCoordinator?: PatchCareCoordinatorDto | null;
}

export const PATIENT_REQUIRED_FIELDS = ['givenName', 'familyName', 'dateOfBirth'] as const;

const present = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** The patient as the PUT body that would write it: what a merge patch applies to. */
export function toUpsertBody(p: PatientEntity): Record<string, unknown> {
  return present({
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    address: p.address ? present(p.address) : null,
    phone: p.phone,
    gpPracticeOds: p.gpPracticeOds,
    careHomeResident: p.careHomeResident,
    livesAlone: p.livesAlone,
    deceasedAt: p.deceasedAt ? p.deceasedAt.toISOString() : null,
    nhsNumberStatus: p.nhsNumberStatus,
    careCoordinator: p.careCoordinatorStaffId
      ? { staffId: p.careCoordinatorStaffId, name: p.careCoordinatorName, teamCode: p.careCoordinatorTeamCode }
      : null,
  });
}
