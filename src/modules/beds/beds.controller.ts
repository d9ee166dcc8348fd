import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { BedUnitsService } from './bed-units.service';
import { ListBedsQuery, UpdateBedDto } from './dto/bed.dto';

@ApiTags('beds')
@ApiBearerAuth()
@Controller('beds')
export class BedsController {
  constructor(private readonly units: BedUnitsService) {}

  /** The bed board, ordered by unit name, bed label, id. */
  @Get()
  @Authorize(Permission.BedRead)
  board(@Ctx() ctx: RequestContext, @Query() q: ListBedsQuery) {
    return this.units.board(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Get(':id')
  @Authorize(Permission.BedRead)
  async get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response) {
    const { etag, view } = await this.units.getBed(ctx, id);
    res.setHeader('ETag', etag);
    return view;
  }

  /** Close, reopen or finish cleaning (`status`), or change label/capabilities. Needs If-Match. */
  @Patch(':id')
  @Authorize(Permission.BedManage)
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag from GET /beds/{id}' })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateBedDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { etag, view } = await this.units.updateBed(ctx, id, dto, ifMatch);
    res.setHeader('ETag', etag);
    return view;
  }
}
