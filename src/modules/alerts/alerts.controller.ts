import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { AlertStreamService } from './alert-stream.service';
import { AlertsService } from './alerts.service';
import { ListAlertsQuery, StreamAlertsQuery } from './dto/list-alerts.query';

const HEARTBEAT_MS = 20_000;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly stream: AlertStreamService,
  ) {}

  /** Alerts for the caller's teams, newest first. */
  @Get()
  @Authorize(Permission.AlertRead)
  list(@Ctx() ctx: RequestContext, @Query() q: ListAlertsQuery) {
    return this.alerts.list(ctx, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  /**
   * Server-Sent Events: `event: alert` with the alert (as in GET /alerts) for each alert raised for
   * the caller's teams (or `team`), on any instance, from the moment the stream opened. A comment
   * line (`: connected`) is sent once listening, and `: ping` every 20 s. The stream ends when the
   * caller's token expires.
   */
  @Get('stream')
  @Authorize(Permission.AlertRead)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of `alert` events' })
  async streamAlerts(@Ctx() ctx: RequestContext, @Query() q: StreamAlertsQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const teams = this.alerts.teamsInScope(ctx, q.team);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    let queue: Promise<unknown> = Promise.resolve();
    let open = true;
    let unsubscribe: (() => void) | undefined;
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // The stream ends when the token does: the client reconnects with a fresh one.
    const expiresIn = ctx.principal.expiresAt ? ctx.principal.expiresAt.getTime() - Date.now() : undefined;
    const expiry = expiresIn !== undefined ? setTimeout(() => res.end(), Math.max(0, Math.min(expiresIn, 2_147_000_000))) : undefined;
    expiry?.unref();
    const close = () => {
      open = false;
      clearInterval(heartbeat);
      if (expiry) clearTimeout(expiry);
      unsubscribe?.();
    };
    req.on('close', close);
    res.on('close', close);
    unsubscribe = await this.stream.subscribe(
      teams,
      (notice) => {
        queue = queue.then(async () => {
          const view = await this.alerts.streamed(ctx, notice.id).catch(() => null);
          if (view && open) res.write(`id: ${view.id}\nevent: alert\ndata: ${JSON.stringify(view)}\n\n`);
        });
      },
      () => res.end(),
    );
    if (!open) unsubscribe();
    else res.write(': connected\n\n');
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authorize(Permission.AlertAcknowledge)
  acknowledge(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.alerts.acknowledge(ctx, id);
  }
}
