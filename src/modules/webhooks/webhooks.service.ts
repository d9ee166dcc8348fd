import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../../common/auth/principal';
import { ValidationFailed } from '../../common/errors/domain-error';
import { Page, decodeCursor, toPage } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { targetProblem } from './domain/target-url';
import type { CreateWebhookDto, DeliveryView, WebhookView } from './dto/webhook.dto';
import { DeliveryNotFound, WebhookNotFound } from './webhook-errors';

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  created_by: string;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event: string;
  attempts: number;
  status: string;
  last_response_status: number | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
  log: { attempt: number; at: string; outcome: string; responseStatus: number | null; error: string | null; durationMs: number }[];
}

// The secret is never selected for an answer.
const SELECT_WEBHOOK = 'SELECT id, url, events, description, active, created_by, created_at FROM webhooks';
const SELECT_DELIVERY = `SELECT d.id, d.webhook_id, d.event_id, e.type AS event, d.attempts, d.status, d.last_response_status,
  d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.created_at,
  COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'outcome', a.outcome, 'responseStatus', a.response_status,
    'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt) FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS log
  FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id`;

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, dto: CreateWebhookDto): Promise<WebhookView> {
    const problem = targetProblem(dto.url, this.config.webhooks);
    if (problem) throw new ValidationFailed('The webhook target is not acceptable', [{ field: 'url', message: problem }]);
    const [row]: WebhookRow[] = await this.db.query(
      `INSERT INTO webhooks (url, events, secret, description, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, url, events, description, active, created_by, created_at`,
      [dto.url, dto.events, dto.secret, dto.description ?? null, ctx.principal.sub],
    );
    return webhookView(row);
  }

  async list(): Promise<WebhookView[]> {
    const rows: WebhookRow[] = await this.db.query(`${SELECT_WEBHOOK} ORDER BY created_at, id`);
    return rows.map(webhookView);
  }

  async get(id: string): Promise<WebhookView> {
    const [row]: WebhookRow[] = await this.db.query(`${SELECT_WEBHOOK} WHERE id = $1`, [id]);
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
      const [rows]: [WebhookRow[]] = await em.query(
        'UPDATE webhooks SET active = false WHERE id = $1 RETURNING id, url, events, description, active, created_by, created_at',
        [id],
      );
      if (!rows[0]) throw new WebhookNotFound();
      await em.query(`UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL WHERE webhook_id = $1 AND status = 'pending'`, [id]);
      return webhookView(rows[0]);
    });
  }

  /** Newest first, with every attempt. */
  async deliveries(webhookId: string, q: { status?: string; limit: number; cursor?: string }): Promise<Page<DeliveryView>> {
    await this.get(webhookId);
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    const params: unknown[] = [webhookId];
    let where = 'd.webhook_id = $1';
    if (q.status) {
      params.push(q.status);
      where += ` AND d.status = $${params.length}`;
    }
    if (after) {
      params.push(after[0], after[1]);
      where += ` AND (d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(q.limit + 1);
    const rows: DeliveryRow[] = await this.db.query(`${SELECT_DELIVERY} WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`, params);
    return toPage(rows, q.limit, (r) => [r.created_at.toISOString(), r.id], deliveryView);
  }

  async delivery(id: string): Promise<DeliveryView> {
    const [row]: DeliveryRow[] = await this.db.query(`${SELECT_DELIVERY} WHERE d.id = $1`, [id]);
    if (!row) throw new DeliveryNotFound();
    return deliveryView(row);
  }

  /** Sends the delivery again (whatever its status) at the next dispatcher pass; the attempt log continues. */
  async replay(id: string): Promise<DeliveryView> {
    const [rows]: [{ id: string }[]] = await this.db.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), lease_until = NULL, delivered_at = NULL WHERE id = $1 RETURNING id`,
      [id],
    );
    if (!rows[0]) throw new DeliveryNotFound();
    return this.delivery(id);
  }
}
