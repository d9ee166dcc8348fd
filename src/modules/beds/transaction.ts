import type { DataSource, EntityManager } from 'typeorm';
import { isSerializationFailure } from '../../database/pg-errors';

/**
 * Runs a write in a transaction, retrying it when PostgreSQL aborts it as a deadlock victim or a
 * serialization failure (e.g. cancelling a request while its offer is being admitted). The whole
 * transaction is retried, so nothing half-done survives.
 */
export async function writeTransaction<T>(db: DataSource, work: (em: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      if (attempt >= attempts || !isSerializationFailure(e)) throw e;
    }
  }
}
