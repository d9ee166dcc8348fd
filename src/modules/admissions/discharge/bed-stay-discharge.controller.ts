import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../../common/auth/decorators';
import { Permission } from '../../../common/auth/permissions';
import type { RequestContext } from '../../../common/auth/principal';
import { DischargeService } from './discharge.service';
import { CriteriaToResideDto, DelayReasonDto, DischargeReadyDateDto, PathwayDto, ReadinessDto, WorkspaceView } from './dto/discharge.dto';

/** Who may record: discharge coordinators (admission:write), or the bed unit's own staff (checked per stay: BED_STAY_NOT_YOUR_UNIT). */
const RECORD = [Permission.AdmissionWrite, Permission.BedManage, Permission.BedRequestWrite] as const;

/**
 * The discharge workspace of a patient in a community (step-up / step-down) bed: the same entries
 * and rules as a hospital admission's (`/discharge/admissions/{id}/...`), recorded against the stay.
 * Entries are accepted while the stay is occupied.
 */
@ApiTags('discharge')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('discharge/bed-stays')
export class BedStayDischargeController {
  constructor(private readonly discharge: DischargeService) {}

  @Get(':id')
  @Authorize(Permission.AdmissionRead, Permission.BedRequestRead)
  @ApiOkResponse({ type: WorkspaceView })
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.discharge.get(ctx, { kind: 'bed_stay', id });
  }

  /** Criteria-to-reside decision: does_not_meet sets the Discharge Ready Date (the day, or the one stated); meets clears it. */
  @Post(':id/criteria-to-reside')
  @HttpCode(200)
  @Authorize(...RECORD)
  @ApiOkResponse({ type: WorkspaceView })
  criteriaToReside(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CriteriaToResideDto) {
    return this.discharge.criteriaToReside(ctx, { kind: 'bed_stay', id }, dto);
  }

  /** One ready-for-transfer step (clinically ready, MDT agreed, safe to transfer), or its withdrawal. */
  @Post(':id/readiness')
  @HttpCode(200)
  @Authorize(...RECORD)
  @ApiOkResponse({ type: WorkspaceView })
  readiness(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReadinessDto) {
    return this.discharge.readiness(ctx, { kind: 'bed_stay', id }, dto);
  }

  @Post(':id/discharge-ready-date')
  @HttpCode(200)
  @Authorize(...RECORD)
  @ApiOkResponse({ type: WorkspaceView })
  dischargeReadyDate(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DischargeReadyDateDto) {
    return this.discharge.dischargeReadyDate(ctx, { kind: 'bed_stay', id }, dto);
  }

  @Post(':id/pathway')
  @HttpCode(200)
  @Authorize(...RECORD)
  @ApiOkResponse({ type: WorkspaceView })
  pathway(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PathwayDto) {
    return this.discharge.pathway(ctx, { kind: 'bed_stay', id }, dto);
  }

  /** The current coded reason for delay, with its attribution (NHS, social care, both); history kept. */
  @Post(':id/delay-reasons')
  @HttpCode(200)
  @Authorize(...RECORD)
  @ApiOkResponse({ type: WorkspaceView })
  delayReason(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DelayReasonDto) {
    return this.discharge.delayReason(ctx, { kind: 'bed_stay', id }, dto);
  }
}
