import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { BedMixService } from './bed-mix.service';
import { BedUnitsService } from './bed-units.service';
import { BedDemandService } from './bed-demand.service';
import { BedSystemMixService } from './bed-system-mix.service';
import { CapacityPlanQuery, CreateBedUnitDto, ListBedUnitsQuery, MixQuery, SystemMixQuery, UnmetDemandQuery } from './dto/bed-unit.dto';
import { AddBedDto } from './dto/bed.dto';

@ApiTags('beds')
@ApiBearerAuth()
@Controller('bed-units')
export class BedUnitsController {
  constructor(
    private readonly units: BedUnitsService,
    private readonly mix: BedMixService,
    private readonly systemMix: BedSystemMixService,
    private readonly demand: BedDemandService,
  ) {}

  /** Sizes a bed pool with the Erlang loss model (declared before :id so the path is not taken for an id). */
  @Get('capacity-plan')
  @Authorize(Permission.BedMixRead)
  capacityPlan(@Query() q: CapacityPlanQuery) {
    return this.demand.capacityPlan(q);
  }

  /** Requests closed without a bed (expired, admitted to hospital first), per week and direction, newest week first. */
  @Get('unmet-demand')
  @Authorize(Permission.BedMixRead)
  unmetDemand(@Query() q: UnmetDemandQuery) {
    return this.demand.unmetDemand({ weeks: q.weeks ?? 12 });
  }

  /** The mix across units (optionally of one locality), weighted by beds, with control limits (declared before :id). */
  @Get('mix')
  @Authorize(Permission.BedMixRead)
  getSystemMix(@Query() q: SystemMixQuery) {
    return this.systemMix.mix(q);
  }

  @Post()
  @Idempotent()
  @Authorize(Permission.BedManage)
  async create(@Body() dto: CreateBedUnitDto, @Res({ passthrough: true }) res: Response) {
    const unit = await this.units.create(dto);
    setLocation(res, `/bed-units/${unit.id}`);
    return unit;
  }

  /** Ordered by name, then id. */
  @Get()
  @Authorize(Permission.BedRead, Permission.BedMixRead)
  list(@Query() q: ListBedUnitsQuery) {
    return this.units.list({ ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get(':id')
  @Authorize(Permission.BedRead, Permission.BedMixRead)
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.units.get(id);
  }

  @Post(':id/beds')
  @Idempotent()
  @Authorize(Permission.BedManage)
  async addBed(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AddBedDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { etag, view } = await this.units.addBed(ctx, id, dto);
    setLocation(res, `/beds/${view.id}`);
    res.setHeader('ETag', etag);
    return view;
  }

  /** Step-down share of admissions and bed-days over the window against the target and its control limits. */
  @Get(':id/mix')
  @Authorize(Permission.BedMixRead)
  getMix(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: MixQuery) {
    return this.mix.mix(id, q.windowDays);
  }
}
