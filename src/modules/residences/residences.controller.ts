import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import { RecordReablementDto, RecordResidenceDto, ResidenceHistoryView } from './dto/residence.dto';
import { ResidencesService } from './residences.service';

@ApiTags('residences')
@ApiBearerAuth()
@Controller('patients/:nhsNumber')
export class ResidencesController {
  constructor(private readonly residences: ResidencesService) {}

  @Get('residences')
  @Authorize(Permission.PatientRead)
  @ApiOkResponse({ type: ResidenceHistoryView })
  list(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string) {
    return this.residences.list(ctx, nhsNumber);
  }

  /** A move (e.g. into a care home, recorded by social care); the current residence ends the day the new one starts. */
  @Post('residences')
  @HttpCode(200)
  @Authorize(Permission.PatientWrite)
  @ApiOkResponse({ type: ResidenceHistoryView })
  record(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Body() dto: RecordResidenceDto) {
    return this.residences.record(ctx, nhsNumber, dto);
  }

  /** Reablement (at home) or rehabilitation (in a bed) started, after a discharge or on a referral: the ASCOF 2B(1) cohort. */
  @Post('reablement-starts')
  @HttpCode(200)
  @Authorize(Permission.PatientWrite)
  recordReablement(@Ctx() ctx: RequestContext, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string, @Body() dto: RecordReablementDto) {
    return this.residences.recordReablement(ctx, nhsNumber, dto);
  }
}
