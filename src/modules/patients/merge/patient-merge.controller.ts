import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Authorize, Ctx } from '../../../common/auth/decorators';
import { Permission } from '../../../common/auth/permissions';
import type { RequestContext } from '../../../common/auth/principal';
import { NhsNumberPipe } from '../../../common/validation/nhs-number.pipe';
import { PatientMergeService } from './patient-merge.service';

export class MergePatientDto {
  @ApiProperty({ description: 'The internal id of the duplicate record (e.g. from a merge_duplicate_patient or trace task)', format: 'uuid' })
  @IsUUID()
  duplicateId: string;
}

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientMergeController {
  constructor(private readonly merges: PatientMergeService) {}

  /** Fold a duplicate record into this one: everything moves in one transaction, or nothing (409 naming what conflicts). */
  @Post(':nhsNumber/merge')
  @HttpCode(200)
  @Authorize(Permission.PatientMerge)
  merge(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Body() dto: MergePatientDto) {
    return this.merges.merge(ctx, nhsNumber, dto.duplicateId);
  }
}
