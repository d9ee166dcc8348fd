import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The advisory lock class of the report turns: `(hashtext(REPORT_TURN_LOCK), n)` is turn n. */
export const REPORT_TURN_LOCK = 'metrics.report';

/**
 * The report turns: transaction-level advisory locks `(hashtext(REPORT_TURN_LOCK), 1..N)`, shared by
 * every instance on the database and released when the report's transaction ends, however it ends
 * (a crashed instance's connection closes and frees its turn). Transaction locks also hold behind
 * PgBouncer in transaction mode.
 */
@Injectable()
export class ReportTurnsRepository {
  /**
   * Takes a free turn of `turns` for the transaction `em` is in; false when every turn is taken.
   * One statement: turns are tried in order and the scan stops at the first one taken, so a report
   * never holds two.
   */
  async take(em: EntityManager, turns: number): Promise<boolean> {
    const rows: unknown[] = await em.query(
      'SELECT t FROM generate_series(1, $1::int) AS t WHERE pg_try_advisory_xact_lock(hashtext($2), t) LIMIT 1',
      [turns, REPORT_TURN_LOCK],
    );
    return rows.length === 1;
  }
}
