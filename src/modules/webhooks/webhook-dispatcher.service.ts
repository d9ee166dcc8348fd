import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { nextAttemptAt } from './domain/retry-policy';
import { signBody } from './domain/signature';
import { guardedPost } from './guarded-post';

interface Claimed {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  event_created_at: Date;
}

interface Outcome {
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

export interface DispatchResult {
  claimed: number;
  delivered: number;
  failed: number;
}

/**
 * Delivers outbox events to webhooks, at least once, from any number of instances.
 * A pass claims due deliveries in one short statement (`FOR UPDATE SKIP LOCKED`, then a lease and
 * attempts + 1 as the claim's fencing token), sends them with no transaction open, and records
 * each attempt with its outcome in its own transaction. A dispatcher that dies mid-send leaves a
 * lease that expires, and another instance sends again (receivers de-duplicate on X-Event-Id).
 * Each instance runs a pass every WEBHOOK_DISPATCH_INTERVAL_MS on an unref'd timer (0 = off).
 */
@Injectable()
export class WebhookDispatcher extends PeriodicJob {
  protected readonly jobName = 'webhook_dispatch';
  private readonly logger = new Logger('WebhookDispatcher');

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.webhooks.dispatchIntervalMs;
  }

  /** One pass at `now`: claim a batch of due deliveries and attempt each once. */
  async runOnce(now: Date = new Date()): Promise<DispatchResult> {
    const { batchSize, leaseSeconds } = this.config.webhooks;
    const claimed: Claimed[] = await this.db.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
         ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET lease_until = $1::timestamptz + make_interval(secs => $3), attempts = d.attempts + 1
         FROM due WHERE d.id = due.id RETURNING d.id, d.attempts, d.webhook_id, d.event_id)
       SELECT c.id, c.attempts, w.url, w.secret, e.id AS event_id, e.type AS event_type, e.payload, e.created_at AS event_created_at
       FROM claimed c JOIN webhooks w ON w.id = c.webhook_id AND w.active JOIN outbox_events e ON e.id = c.event_id`,
      [now, batchSize, leaseSeconds],
    );
    const results = await Promise.all(claimed.map((c) => this.attempt(c, now)));
    return { claimed: claimed.length, delivered: results.filter(Boolean).length, failed: results.filter((r) => !r).length };
  }

  private async attempt(c: Claimed, now: Date): Promise<boolean> {
    const body = JSON.stringify({ id: c.event_id, type: c.event_type, createdAt: c.event_created_at.toISOString(), data: c.payload });
    const outcome = await this.send(c, body);
    const at = new Date(now.getTime() + outcome.durationMs);
    const next = outcome.ok ? null : nextAttemptAt(c.attempts, c.event_created_at, at, this.config.webhooks);
    const status = outcome.ok ? 'delivered' : next ? 'pending' : 'failed';
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, at, outcome, response_status, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [c.id, c.attempts, at, outcome.ok ? 'delivered' : 'failed', outcome.responseStatus, outcome.error, outcome.durationMs],
      );
      // Fenced on the attempt number: a claim that expired and was taken over changes nothing here.
      await em.query(
        `UPDATE webhook_deliveries SET status = $3, next_attempt_at = COALESCE($4, next_attempt_at), lease_until = NULL,
           last_response_status = $5, last_attempt_at = $6, delivered_at = $7
         WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
        [c.id, c.attempts, status, next, outcome.responseStatus, at, outcome.ok ? at : null],
      );
    });
    if (!outcome.ok) {
      this.logger.warn({ event: 'webhook_attempt_failed', deliveryId: c.id, attempt: c.attempts, responseStatus: outcome.responseStatus, error: outcome.error, status });
    }
    return outcome.ok;
  }

  private async send(c: Claimed, body: string): Promise<Outcome> {
    const started = Date.now();
    // Checked on the resolved address at connect time (guardedPost); only the failure class is kept,
    // so the delivery log cannot be used to scan ports or map the internal network.
    const result = await guardedPost(
      c.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'care-coordination-webhooks/1',
        'x-signature': signBody(c.secret, body),
        'x-event-id': c.event_id,
        'x-event-type': c.event_type,
        'x-delivery-id': c.id,
        'x-delivery-attempt': String(c.attempts),
      },
      { timeoutMs: this.config.webhooks.timeoutMs, allowPrivate: this.config.webhooks.allowPrivateTargets },
    );
    return { ok: result.failure === null, responseStatus: result.status, error: result.failure, durationMs: Date.now() - started };
  }
}
