import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveriesRepository, type DeliveryRow } from './deliveries.repository';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { targetProblem } from './domain/target-url';
import type { CreateWebhookDto, DeliveryView, WebhookView } from './dto/webhook.dto';
import { DeliveryNotFound, WebhookNotFound } from './webhook-errors';
import { type WebhookRow, WebhooksRepository } from './webhooks.repository';

function webhookView(r: WebhookRow): WebhookView {
  return { id: r.id, url: r.url, events: r.events, description: r.description, active: r.active, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

function deliveryView(r: DeliveryRow): DeliveryView {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    event: r.event,
    attempt: r.attempts,
    status: r.status,
    responseStatus: r.last_response_status,
    at: r.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    attempts: r.log.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
  };
}

/** Webhook registration (admins), the delivery log and replay. Delivery itself is the dispatcher's. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveryLog: DeliveriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateWebhookDto): Promise<WebhookView> {
    const problem = targetProblem(dto.url, this.config.webhooks);
    if (problem) throw new ValidationFailed('The webhook target is not acceptable', [{ field: 'url', message: problem }]);
    const row = await this.webhooks.insert(this.db.manager, { url: dto.url, events: dto.events, secret: dto.secret, description: dto.description ?? null, createdBy: ctx.principal.sub });
    return webhookView(row);
  }

  async list(): Promise<WebhookView[]> {
    return (await this.webhooks.list(this.db.manager)).map(webhookView);
  }

  async get(id: string): Promise<WebhookView> {
    const row = await this.webhooks.byId(this.db.manager, id);
    if (!row) throw new WebhookNotFound();
    return webhookView(row);
  }

  /**
   * Stops every delivery to this webhook: no new ones, and its pending ones end as failed (the
   * dispatcher also claims only deliveries of active webhooks, so an attempt racing this one is
   * the last).
   */
  async deactivate(id: string): Promise<WebhookView> {
    return this.db.transaction(async (em) => {
      const row = await this.webhooks.deactivate(em, id);
      if (!row) throw new WebhookNotFound();
      await this.deliveryLog.failPending(em, id);
      return webhookView(row);
    });
  }

  /** Newest first, with every attempt. */
  async deliveries(webhookId: string, q: { status?: string; limit: number; cursor?: string }): Promise<Page<DeliveryView>> {
    await this.get(webhookId);
    const after = decodeCursor(q.cursor, ['time', 'uuid']);
    const rows = await this.deliveryLog.page(this.db.manager, webhookId, { status: q.status, before: after, limit: q.limit + 1 });
    return toPage(rows, q.limit, (r) => [r.cursorAt, r.id], deliveryView);
  }

  async delivery(id: string): Promise<DeliveryView> {
    const row = await this.deliveryLog.byId(this.db.manager, id);
    if (!row) throw new DeliveryNotFound();
    return deliveryView(row);
  }

  /** Sends the delivery again (whatever its status) at the next dispatcher pass; the attempt log continues. */
  async replay(id: string): Promise<DeliveryView> {
    if (!(await this.deliveryLog.replay(this.db.manager, id))) throw new DeliveryNotFound();
    return this.delivery(id);
  }
}
