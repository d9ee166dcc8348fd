import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ALL_EVENTS, type EventType } from './domain/events';

/**
 * Writes events to the transactional outbox through the caller's EntityManager: the event row and
 * one pending delivery per subscribed webhook commit (or roll back) with the change itself.
 * Delivery happens later, in the dispatcher, so a slow receiver never slows the request.
 */
@Injectable()
export class OutboxService {
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
}
