import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { NhsNumberPipe } from '../../common/validation/nhs-number.pipe';
import {
  AddAgendaItemDto,
  AddAttendeeDto,
  CreateMeetingDto,
  CreateSeriesDto,
  ExtendSeriesDto,
  ListMeetingsQuery,
  OutcomeDto,
  ReorderAgendaDto,
  UpdateMeetingDto,
} from './dto/mdt.dto';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { CalendarService } from './calendar.service';
import { AgendaView, MeetingPage, MeetingView, OutcomeView, SeriesView } from './mdt.view';
import { MeetingsService } from './meetings.service';
import { OutcomesService } from './outcomes.service';
import { SeriesService } from './series.service';

const UUID = new ParseUUIDPipe();

@ApiTags('mdt')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('mdt')
export class MdtController {
  constructor(
    private readonly series: SeriesService,
    private readonly meetings: MeetingsService,
    private readonly attendance: AttendanceService,
    private readonly agendas: AgendaService,
    private readonly outcomes: OutcomesService,
    private readonly calendars: CalendarService,
  ) {}

  /** A recurring series for a practice and its aligned team; generates its meetings ahead (default 6 months). */
  @Post('series')
  @Idempotent()
  @Authorize(Permission.MdtManage)
  @ApiCreatedResponse({ type: SeriesView })
  async createSeries(@Ctx() ctx: RequestContext, @Body() dto: CreateSeriesDto, @Res({ passthrough: true }) res: Response) {
    const view = await this.series.createSeries(ctx, dto);
    setLocation(res, `/mdt/series/${view.id}`);
    return view;
  }

  /** The series and all its meetings. */
  @Get('series/:id')
  @Authorize(Permission.MdtRead)
  @ApiOkResponse({ type: SeriesView })
  getSeries(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string) {
    return this.series.getSeries(ctx, id);
  }

  /** Generates the series' meetings up to the horizon again (nothing duplicated; moved and cancelled ones stay as they are). */
  @Post('series/:id/generate')
  @HttpCode(200)
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: SeriesView })
  extendSeries(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Body() dto: ExtendSeriesDto) {
    return this.series.extendSeries(ctx, id, dto?.aheadMonths);
  }

  /** A one-off meeting. */
  @Post('meetings')
  @Idempotent()
  @Authorize(Permission.MdtManage)
  @ApiCreatedResponse({ type: MeetingView })
  async createMeeting(@Ctx() ctx: RequestContext, @Body() dto: CreateMeetingDto, @Res({ passthrough: true }) res: Response) {
    const view = await this.meetings.createMeeting(ctx, dto);
    setLocation(res, `/mdt/meetings/${view.id}`);
    return view;
  }

  /** Meetings of the caller's teams, ordered by start then id. */
  @Get('meetings')
  @Authorize(Permission.MdtRead)
  @ApiOkResponse({ type: MeetingPage })
  list(@Ctx() ctx: RequestContext, @Query() q: ListMeetingsQuery) {
    return this.meetings.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get('meetings/:id')
  @Authorize(Permission.MdtRead)
  @ApiOkResponse({ type: MeetingView })
  get(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string) {
    return this.meetings.get(ctx, id);
  }

  /** Move (start and/or duration) or cancel (`status: "cancelled"`). */
  @Patch('meetings/:id')
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: MeetingView })
  update(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Body() dto: UpdateMeetingDto) {
    return this.meetings.update(ctx, id, dto);
  }

  /** Book a person (409 ATTENDEE_CONFLICT when they are in an overlapping meeting). Answers the meeting. */
  @Post('meetings/:id/attendees')
  @HttpCode(200)
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: MeetingView })
  addAttendee(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Body() dto: AddAttendeeDto) {
    return this.attendance.addAttendee(ctx, id, dto);
  }

  @Delete('meetings/:id/attendees/:staffId')
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: MeetingView })
  removeAttendee(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Param('staffId') staffId: string) {
    return this.attendance.removeAttendee(ctx, id, staffId);
  }

  /** Builds the agenda from live data (deterministic; manual items kept). */
  @Post('meetings/:id/agenda/generate')
  @HttpCode(200)
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: AgendaView })
  generate(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string) {
    return this.agendas.generateAgenda(ctx, id);
  }

  @Get('meetings/:id/agenda')
  @Authorize(Permission.MdtRead)
  @ApiOkResponse({ type: AgendaView })
  agenda(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string) {
    return this.agendas.getAgenda(ctx, id);
  }

  /** Add a patient by hand (access-gated); kept on regeneration. */
  @Post('meetings/:id/agenda/items')
  @HttpCode(200)
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: AgendaView })
  addItem(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Body() dto: AddAgendaItemDto) {
    return this.agendas.addAgendaItem(ctx, id, dto);
  }

  @Delete('meetings/:id/agenda/items/:nhsNumber')
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: AgendaView })
  removeItem(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string) {
    return this.agendas.removeAgendaItem(ctx, id, nhsNumber);
  }

  /** Every patient on the agenda in the new order. */
  @Post('meetings/:id/agenda/reorder')
  @HttpCode(200)
  @Authorize(Permission.MdtManage)
  @ApiOkResponse({ type: AgendaView })
  reorder(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Body() dto: ReorderAgendaDto) {
    return this.agendas.reorderAgenda(ctx, id, dto.nhsNumbers);
  }

  /** What the MDT decided for one patient; each action becomes a team task. */
  @Post('meetings/:id/outcomes')
  @Idempotent()
  @Authorize(Permission.MdtOutcomeWrite)
  @ApiCreatedResponse({ type: OutcomeView })
  async outcome(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Body() dto: OutcomeDto, @Res({ passthrough: true }) res: Response) {
    const view = await this.outcomes.recordOutcome(ctx, id, dto);
    setLocation(res, `/mdt/meetings/${id}/outcomes/${view.nhsNumber}`);
    return view;
  }

  @Get('meetings/:id/outcomes/:nhsNumber')
  @Authorize(Permission.MdtRead)
  @ApiOkResponse({ type: OutcomeView })
  getOutcome(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Param('nhsNumber', NhsNumberPipe) nhsNumber: string) {
    return this.outcomes.getOutcome(ctx, id, nhsNumber);
  }

  /** The meeting as iCalendar (RFC 5545), for attendees' calendars. */
  @Get('meetings/:id/calendar.ics')
  @Authorize(Permission.MdtRead)
  @ApiProduces('text/calendar')
  async calendar(@Ctx() ctx: RequestContext, @Param('id', UUID) id: string, @Res() res: Response) {
    const { contentType, body } = await this.calendars.calendar(ctx, id);
    res.status(200).setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', `attachment; filename="mdt-${id}.ics"`);
    res.send(body);
  }
}
