import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliveriesRepository } from './deliveries.repository';
import type { EventType } from './domain/events';

/**
 * Writes events to the transactional outbox through the caller's EntityManager: the event row and
 * one pending delivery per subscribed webhook commit (or roll back) with the change itself.
 * Delivery happens later, in the dispatcher, so a slow receiver never slows the request.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  publish(em: EntityManager, type: EventType, payload: Record<string, unknown>): Promise<string> {
    return this.deliveries.publish(em, type, payload);
  }
}
