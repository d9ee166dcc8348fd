import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WindowCounts } from './domain/sliding-window';

/** The shared counters (rate_limit_counters). */
@Injectable()
export class RateLimitRepository {
  /**
   * Counts one request in `bucket`'s current window and reads the window before it: one statement,
   * one round trip. Run it outside any transaction: the row lock on the counter must end with the
   * statement, not be held for a whole request.
   */
  async hit(em: EntityManager, bucket: string, windowStart: Date, previousStart: Date): Promise<WindowCounts> {
    const [row]: { hits: number; previous: number }[] = await em.query(
      `WITH hit AS (
         INSERT INTO rate_limit_counters AS c (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1
         RETURNING c.hits
       )
       SELECT hit.hits, COALESCE((SELECT p.hits FROM rate_limit_counters p WHERE p.bucket = $1 AND p.window_start = $3), 0) AS previous
       FROM hit`,
      [bucket, windowStart, previousStart],
    );
    return { hits: row.hits, previous: row.previous };
  }

  /** Deletes windows that started before `before` (no longer read by any instance). */
  async deleteBefore(em: EntityManager, before: Date): Promise<number> {
    const [, deleted]: [unknown, number] = await em.query('DELETE FROM rate_limit_counters WHERE window_start < $1', [before]);
    return deleted;
  }
}
