import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The readiness probe's one statement. */
@Injectable()
export class HealthRepository {
  async ping(em: EntityManager): Promise<void> {
    await em.query('SELECT 1');
  }
}
