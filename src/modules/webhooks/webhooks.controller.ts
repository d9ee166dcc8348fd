import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, Ctx } from '../../common/auth/decorators';
import { Permission } from '../../common/auth/permissions';
import type { RequestContext } from '../../common/auth/principal';
import { setLocation } from '../../common/http/created';
import { DEFAULT_LIMIT } from '../../common/pagination';
import { CreateWebhookDto, DeliveryView, ListDeliveriesQuery, WebhookView } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Register a receiver. The secret signs every delivery and is never returned. */
  @Post()
  @Authorize(Permission.WebhookManage)
  @ApiCreatedResponse({ type: WebhookView })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateWebhookDto, @Res({ passthrough: true }) res: Response) {
    const view = await this.webhooks.create(ctx, dto);
    setLocation(res, `/webhooks/${view.id}`);
    return view;
  }

  @Get()
  @Authorize(Permission.WebhookManage)
  @ApiOkResponse({ type: [WebhookView] })
  async list() {
    return { items: await this.webhooks.list(), nextCursor: null };
  }

  @Get(':id')
  @Authorize(Permission.WebhookManage)
  @ApiOkResponse({ type: WebhookView })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.webhooks.get(id);
  }

  /** Stop sending new events to this webhook. */
  @Post(':id/deactivate')
  @HttpCode(200)
  @Authorize(Permission.WebhookManage)
  @ApiOkResponse({ type: WebhookView })
  deactivate(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.webhooks.deactivate(id);
  }

  /** The delivery log: newest first, each with every attempt. */
  @Get(':id/deliveries')
  @Authorize(Permission.WebhookManage)
  @ApiOkResponse({ type: [DeliveryView] })
  deliveries(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ListDeliveriesQuery) {
    return this.webhooks.deliveries(id, { ...q, limit: q.limit ?? DEFAULT_LIMIT });
  }

  /** Send a delivery again at the next dispatcher pass (any status). */
  @Post('deliveries/:id/replay')
  @HttpCode(200)
  @Authorize(Permission.WebhookManage)
  @ApiOkResponse({ type: DeliveryView })
  replay(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.webhooks.replay(id);
  }
}
