import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { MERGE_PATCH } from '../../common/http/merge-patch';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import { PatchPatientDto } from './dto/patch-patient.dto';
import { PatientPatchService } from './patient-patch.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientPatchController {
  constructor(private readonly patches: PatientPatchService) {}

  /** Change only the fields sent (JSON merge patch); PUT replaces the whole record. */
  @Patch(':nhsNumber')
  @Authorize(Permission.PatientWrite)
  @ApiConsumes(MERGE_PATCH, 'application/json')
  @ApiBody({ type: PatchPatientDto })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the GET; 412 when the patient changed since' })
  async patch(
    @Ctx() ctx: RequestContext,
    @Param('nhsNumber', NhsNumberPipe) nhsNumber: string,
    @Body() dto: PatchPatientDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { etag, view } = await this.patches.patch(ctx, nhsNumber, dto, ifMatch);
    res.setHeader('ETag', etag);
    return view;
  }
}
