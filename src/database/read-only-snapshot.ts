import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs reads in one REPEATABLE READ, READ ONLY transaction: every statement sees the same snapshot
 * (a report's figures add up even while writes go on) and nothing in it can write.
 */
export function readOnlySnapshot<T>(db: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    return work(em);
  });
}
