import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { type ClaimedDelivery, DeliveriesRepository } from './deliveries.repository';
import { nextAttemptAt } from './domain/retry-policy';
import { signBody } from './domain/signature';
import { guardedPost } from './guarded-post';

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
  private readonly logger = new Logger('WebhookDispatcher');

  constructor(
    private readonly db: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('webhook_dispatch', config.webhooks.dispatchIntervalMs);
  }

  /** One pass at `now`: claim a batch of due deliveries and attempt each once. */
  async runOnce(now: Date = this.clock.now()): Promise<DispatchResult> {
    const { batchSize, leaseSeconds } = this.config.webhooks;
    const claimed = await this.deliveries.claimDue(this.db.manager, now, batchSize, leaseSeconds);
    const results = await Promise.all(claimed.map((c) => this.attempt(c, now)));
    return { claimed: claimed.length, delivered: results.filter(Boolean).length, failed: results.filter((r) => !r).length };
  }

  private async attempt(c: ClaimedDelivery, now: Date): Promise<boolean> {
    const body = JSON.stringify({ id: c.event_id, type: c.event_type, createdAt: c.event_created_at.toISOString(), data: c.payload });
    const outcome = await this.send(c, body);
    const at = new Date(now.getTime() + outcome.durationMs);
    const next = outcome.ok ? null : nextAttemptAt(c.attempts, c.event_created_at, at, this.config.webhooks);
    const status = outcome.ok ? 'delivered' : next ? 'pending' : 'failed';
    await this.db.transaction((em) =>
      this.deliveries.recordAttempt(em, c, {
        at,
        ok: outcome.ok,
        responseStatus: outcome.responseStatus,
        error: outcome.error,
        durationMs: outcome.durationMs,
        status,
        nextAttemptAt: next,
      }),
    );
    if (!outcome.ok) {
      this.logger.warn({ event: 'webhook_attempt_failed', deliveryId: c.id, attempt: c.attempts, responseStatus: outcome.responseStatus, error: outcome.error, status });
    }
    return outcome.ok;
  }

  private async send(c: ClaimedDelivery, body: string): Promise<Outcome> {
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
