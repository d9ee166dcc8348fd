import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CursorAt, SqlParams, selectCursorAt } from '../../database/sql-params';
import { ALL_EVENTS, type EventType } from './domain/events';

/** A delivery with its event type and its whole attempt log. */
export interface DeliveryRow {
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

/** A delivery claimed for one attempt, with what it takes to send it. */
export interface ClaimedDelivery {
  id: string;
  /** The attempt number, also the claim's fencing token. */
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  event_created_at: Date;
}

export interface AttemptRecord {
  at: Date;
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  /** The delivery's status after this attempt, and when to try again (null: keep). */
  status: string;
  nextAttemptAt: Date | null;
}

const DELIVERY_COLUMNS = `d.id, d.webhook_id, d.event_id, e.type AS event, d.attempts, d.status, d.last_response_status,
  d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.created_at,
  COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'outcome', a.outcome, 'responseStatus', a.response_status,
    'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt) FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS log`;
const FROM_DELIVERIES = 'FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id';
const SELECT_DELIVERY = `SELECT ${DELIVERY_COLUMNS} ${FROM_DELIVERIES}`;

/** The transactional outbox (`outbox_events`) and its deliveries to webhooks, with their attempts. */
@Injectable()
export class DeliveriesRepository {
  /** The event row and one pending delivery per active webhook subscribed to it (or to every event). */
  async publish(em: EntityManager, type: EventType, payload: Record<string, unknown>): Promise<string> {
    const [{ id }]: { id: string }[] = await em.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2::jsonb) RETURNING id', [
      type,
      JSON.stringify(payload),
    ]);
    await em.query(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, status, next_attempt_at)
       SELECT w.id, $1, 'pending', now() FROM webhooks w WHERE w.active AND ($2 = ANY(w.events) OR $3 = ANY(w.events))`,
      [id, type, ALL_EVENTS],
    );
    return id;
  }

  /**
   * Claims up to `batch` due deliveries of active webhooks in one statement (FOR UPDATE SKIP
   * LOCKED), leasing each for `leaseSeconds` and counting the attempt (the claim's fencing token).
   */
  claimDue(em: EntityManager, now: Date, batch: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return em.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
         ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET lease_until = $1::timestamptz + make_interval(secs => $3), attempts = d.attempts + 1
         FROM due WHERE d.id = due.id RETURNING d.id, d.attempts, d.webhook_id, d.event_id)
       SELECT c.id, c.attempts, w.url, w.secret, e.id AS event_id, e.type AS event_type, e.payload, e.created_at AS event_created_at
       FROM claimed c JOIN webhooks w ON w.id = c.webhook_id AND w.active JOIN outbox_events e ON e.id = c.event_id`,
      [now, batch, leaseSeconds],
    );
  }

  /** Logs the attempt and moves the delivery on, fenced on the attempt number: a claim that expired and was taken over changes nothing. */
  async recordAttempt(em: EntityManager, c: { id: string; attempts: number }, a: AttemptRecord): Promise<void> {
    await em.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, at, outcome, response_status, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [c.id, c.attempts, a.at, a.ok ? 'delivered' : 'failed', a.responseStatus, a.error, a.durationMs],
    );
    await em.query(
      `UPDATE webhook_deliveries SET status = $3, next_attempt_at = COALESCE($4, next_attempt_at), lease_until = NULL,
         last_response_status = $5, last_attempt_at = $6, delivered_at = $7
       WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [c.id, c.attempts, a.status, a.nextAttemptAt, a.responseStatus, a.at, a.ok ? a.at : null],
    );
  }

  /** The webhook's pending deliveries end as failed. */
  async failPending(em: EntityManager, webhookId: string): Promise<void> {
    await em.query(`UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL WHERE webhook_id = $1 AND status = 'pending'`, [webhookId]);
  }

  /** A webhook's deliveries, newest first (created_at, id), after the keyset `before` when given. */
  page(em: EntityManager, webhookId: string, q: { status?: string; before?: [string, string]; limit: number }): Promise<(DeliveryRow & CursorAt)[]> {
    const p = new SqlParams([webhookId]);
    const where = ['d.webhook_id = $1'];
    if (q.status) where.push(`d.status = ${p.add(q.status)}`);
    if (q.before) where.push(p.keyset('d.created_at, d.id', '<', q.before));
    return em.query(
      `SELECT ${DELIVERY_COLUMNS}, ${selectCursorAt('d.created_at')} ${FROM_DELIVERIES}
       WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT ${p.add(q.limit)}`,
      p.values,
    );
  }

  async byId(em: EntityManager, id: string): Promise<DeliveryRow | null> {
    const [row]: DeliveryRow[] = await em.query(`${SELECT_DELIVERY} WHERE d.id = $1`, [id]);
    return row ?? null;
  }

  /** Makes the delivery due again now (whatever its status); false when there is no such delivery. */
  async replay(em: EntityManager, id: string): Promise<boolean> {
    const [rows]: [{ id: string }[]] = await em.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), lease_until = NULL, delivered_at = NULL WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}
