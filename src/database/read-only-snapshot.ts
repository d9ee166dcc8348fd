import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs reads in one REPEATABLE READ, READ ONLY transaction: every statement sees the same snapshot
 * (a report's figures add up even while writes go on) and nothing in it can write.
 *
 * Statements in it are planned for their own parameters every time (`plan_cache_mode =
 * force_custom_plan`, for this transaction only). The service names its statements
 * (prepared-client.ts), and after five executions PostgreSQL may switch a named statement to a
 * generic plan; for a report, whose best plan depends on the period and scope it is given, the
 * generic plan measured 15-25 times slower (docs/benchmarks.md, issue 19). Hot paths keep their
 * cached plans.
 */
export function readOnlySnapshot<T>(db: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    await em.query('SET LOCAL plan_cache_mode = force_custom_plan');
    return work(em);
  });
}
