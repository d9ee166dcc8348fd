import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { BedMixService } from './bed-mix.service';
import { BedRequestsService } from './bed-requests.service';
import { AdmitStayDto, CancelBedRequestDto, CreateBedRequestDto, DeclineStayDto, DischargeStayDto, ListAllocationsQuery, ListBedRequestsQuery } from './dto/bed-request.dto';

@ApiTags('beds')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('bed-requests')
export class BedRequestsController {
  constructor(private readonly requests: BedRequestsService) {}

  /** Raises a request; the allocator runs at once, so the answer may already be `offered`. */
  @Post()
  @Idempotent()
  @Authorize(Permission.BedRequestWrite)
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateBedRequestDto, @Res({ passthrough: true }) res: Response) {
    const created = await this.requests.create(ctx, dto);
    setLocation(res, `/bed-requests/${created.id}`);
    return created;
  }

  /** Oldest first. */
  @Get()
  @Authorize(Permission.BedRequestRead)
  list(@Ctx() ctx: RequestContext, @Query() q: ListBedRequestsQuery) {
    return this.requests.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get(':id')
  @Authorize(Permission.BedRequestRead)
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.requests.get(ctx, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authorize(Permission.BedRequestWrite)
  cancel(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CancelBedRequestDto) {
    return this.requests.cancel(ctx, id, dto);
  }
}

@ApiTags('beds')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Access-Reason', required: false, description: 'Break-glass reason (audited, alerts the practice team)' })
@Controller('bed-stays')
export class BedStaysController {
  constructor(private readonly requests: BedRequestsService) {}

  @Get(':id')
  @Authorize(Permission.BedRequestRead)
  get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.requests.getStay(ctx, id);
  }

  /** offered -> occupied. */
  @Post(':id/admit')
  @HttpCode(200)
  @Authorize(Permission.BedManage)
  admit(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AdmitStayDto) {
    return this.requests.admit(ctx, id, dto);
  }

  /** occupied -> discharged; the bed goes to cleaning. */
  @Post(':id/discharge')
  @HttpCode(200)
  @Authorize(Permission.BedManage)
  discharge(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DischargeStayDto) {
    return this.requests.discharge(ctx, id, dto);
  }

  /** Releases the offer; the request waits again (or is cancelled with requeue: false). */
  @Post(':id/decline')
  @HttpCode(200)
  @Authorize(Permission.BedManage)
  decline(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DeclineStayDto) {
    return this.requests.decline(ctx, id, dto);
  }
}

@ApiTags('beds')
@ApiBearerAuth()
@Controller('bed-allocations')
export class BedAllocationsController {
  constructor(private readonly mix: BedMixService) {}

  /** The allocation decision log, newest first. */
  @Get()
  @Authorize(Permission.BedManage)
  list(@Query() q: ListAllocationsQuery) {
    return this.mix.allocations({ ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }
}
