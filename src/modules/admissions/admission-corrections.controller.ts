import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { AdmissionCorrectionsService } from './admission-corrections.service';
import { AdmissionView } from './dto/admission.dto';
import { TransferDto } from './dto/admission-corrections.dto';

/** Transfer and cancellations: the same operations the hospital feeds apply (HL7 A02/A12, A11, A13). */
@ApiTags('admissions')
@ApiBearerAuth()
@Controller('admissions')
export class AdmissionCorrectionsController {
  constructor(private readonly corrections: AdmissionCorrectionsService) {}

  @Post(':id/transfer')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  transfer(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: TransferDto) {
    return this.corrections.transfer(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  cancel(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.corrections.cancel(ctx, id);
  }

  @Post(':id/cancel-discharge')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: AdmissionView })
  cancelDischarge(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.corrections.cancelDischarge(ctx, id);
  }
}
