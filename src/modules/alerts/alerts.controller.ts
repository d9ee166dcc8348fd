import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { AlertsService } from './alerts.service';
import { ListAlertsQuery } from './dto/list-alerts.query';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Alerts for the caller's teams, newest first. */
  @Get()
  @Authorize(Permission.AlertRead)
  list(@Ctx() ctx: RequestContext, @Query() q: ListAlertsQuery) {
    return this.alerts.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authorize(Permission.AlertAcknowledge)
  acknowledge(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.alerts.acknowledge(ctx, id);
  }
}
