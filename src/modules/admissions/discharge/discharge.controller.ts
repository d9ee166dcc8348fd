import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../../common/auth/decorators';
import { Permission } from '../../../common/auth/permissions';
import type { RequestContext } from '../../../common/auth/principal';
import { DEFAULT_LIMIT } from '../../../common/pagination';
import { DischargeSnapshotService } from './discharge-snapshot.service';
import { DischargeService } from './discharge.service';
import { boardToCsv } from './domain/board';
import {
  BoardQuery,
  CriteriaToResideDto,
  DelayReasonDto,
  DelayedDaysTrendQuery,
  DischargeReadyDateDto,
  PathwayDto,
  ReadinessDto,
  SummaryQuery,
  WorkspaceView,
} from './dto/discharge.dto';

@ApiTags('discharge')
@ApiBearerAuth()
@Controller('discharge')
export class DischargeController {
  constructor(
    private readonly discharge: DischargeService,
    private readonly snapshots: DischargeSnapshotService,
  ) {}

  /**
   * The discharge board: inpatients known to or referred to community services and patients in
   * community beds (`?setting=acute|community` for one setting), longest stay first; `?format=csv` for CSV.
   */
  @Get('board')
  @Authorize(Permission.AdmissionRead)
  @ApiProduces('application/json', 'text/csv')
  @Header('Cache-Control', 'no-store')
  async board(@Ctx() ctx: RequestContext, @Query() q: BoardQuery, @Res({ passthrough: true }) res: Response) {
    const csv = q.format === 'csv';
    const page = await this.discharge.board(ctx, { ...q, limit: csv ? (q.limit ?? 500) : (q.limit ?? DEFAULT_LIMIT) });
    if (!csv) return page;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="discharge-board.csv"');
    return boardToCsv(page.items);
  }

  /** Counts on the board (aggregate, small numbers suppressed). */
  @Get('summary')
  @Authorize(Permission.MetricsRead)
  summary(@Query() q: SummaryQuery) {
    return this.discharge.summary(q);
  }

  /** Delayed days per week from the midnight snapshots: DTOC by attribution and past the Discharge Ready Date (aggregate). */
  @Get('delayed-days-trend')
  @Authorize(Permission.MetricsRead)
  trend(@Query() q: DelayedDaysTrendQuery) {
    return this.snapshots.weeklyTrend(q.weeks ?? 12);
  }

  @Get('admissions/:id')
  @Authorize(Permission.AdmissionRead)
  @ApiOkResponse({ type: WorkspaceView })
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.discharge.get(ctx, { kind: 'admission', id });
  }

  /** Criteria-to-reside decision: does_not_meet sets the Discharge Ready Date (the day, or the one stated); meets clears it. */
  @Post('admissions/:id/criteria-to-reside')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: WorkspaceView })
  criteriaToReside(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CriteriaToResideDto) {
    return this.discharge.criteriaToReside(ctx, { kind: 'admission', id }, dto);
  }

  /** One ready-for-transfer step (clinically ready, MDT agreed, safe to transfer), or its withdrawal. */
  @Post('admissions/:id/readiness')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: WorkspaceView })
  readiness(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReadinessDto) {
    return this.discharge.readiness(ctx, { kind: 'admission', id }, dto);
  }

  @Post('admissions/:id/discharge-ready-date')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: WorkspaceView })
  dischargeReadyDate(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DischargeReadyDateDto) {
    return this.discharge.dischargeReadyDate(ctx, { kind: 'admission', id }, dto);
  }

  @Post('admissions/:id/pathway')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: WorkspaceView })
  pathway(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PathwayDto) {
    return this.discharge.pathway(ctx, { kind: 'admission', id }, dto);
  }

  /** The current coded reason for delay, with its attribution (NHS, social care, both); history kept. */
  @Post('admissions/:id/delay-reasons')
  @HttpCode(200)
  @Authorize(Permission.AdmissionWrite)
  @ApiOkResponse({ type: WorkspaceView })
  delayReason(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DelayReasonDto) {
    return this.discharge.delayReason(ctx, { kind: 'admission', id }, dto);
  }
}
