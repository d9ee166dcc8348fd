import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, type ClientConfig, type QueryConfig } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * A pg Client that sends every parameterised statement as a *named* prepared statement, so
 * PostgreSQL parses and analyses it once per connection instead of on every execution (measured in
 * docs/benchmarks.md: planning cost as much as execution on intake and seven times more on the
 * single view). The name is derived from the text, so the same text is one statement everywhere;
 * pg prepares it on first use on each connection and reuses it after.
 *
 * Every execution is still planned for its own parameters (`plan_cache_mode = force_custom_plan`
 * on every connection). Left to itself PostgreSQL switches a named statement to one generic plan
 * after five executions, and for statements whose best plan depends on the values (a report's
 * period and scope, a name search, a practice's caseload) the generic plan measured 2-25 times
 * slower: /metrics for a locality went from 0.7 s to 10.8 s (docs/benchmarks.md, hazard H18-5).
 * A `?options=` in DATABASE_URL replaces this; behind PgBouncer set it on the role instead
 * (docs/scaling.md).
 *
 * Only statements with parameters are named: they already use the extended protocol, so they are
 * one statement each (a migration's multi-statement script goes through unchanged). A connection
 * prepares at most `MAX_PER_CONNECTION` statements; past that, new texts run unnamed, so a
 * statement whose text varies (an IN list of varying length) cannot grow a backend without bound.
 *
 * Behind PgBouncer in transaction mode before 1.21 (no protocol-level prepared statement support),
 * turn this off with DB_PREPARED_STATEMENTS=false (docs/scaling.md).
 */
export class PreparedStatementClient extends Client {
  static readonly MAX_PER_CONNECTION = 500;
  /** Distinct texts named in this process; beyond it new texts run unnamed. */
  static readonly MAX_NAMES = 5000;
  private static readonly names = new Map<string, string>();
  private readonly prepared = new Set<string>();

  constructor(config?: ClientConfig) {
    super({ ...config, options: [config?.options, '-c plan_cache_mode=force_custom_plan'].filter(Boolean).join(' ') });
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is heavily overloaded; the arguments are passed on as given
  override query(config: any, values?: any, callback?: any): any {
    if (config === 'START TRANSACTION') {
      const asked = cachedPlansAsked.getStore();
      if (asked?.pending) {
        asked.pending = false;
        return super.query(`START TRANSACTION; ${SET_CACHED_PLANS}`, values, callback);
      }
    }
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = this.nameFor(config);
      if (name) return super.query({ name, text: config, values } satisfies QueryConfig, callback);
    }
    return super.query(config, values, callback);
  }

  private nameFor(text: string): string | undefined {
    let name = PreparedStatementClient.names.get(text);
    if (name === undefined) {
      if (PreparedStatementClient.names.size >= PreparedStatementClient.MAX_NAMES) return undefined;
      name = `cc${PreparedStatementClient.names.size + 1}`;
      PreparedStatementClient.names.set(text, name);
    }
    if (this.prepared.has(name)) return name;
    if (this.prepared.size >= PreparedStatementClient.MAX_PER_CONNECTION) return undefined;
    this.prepared.add(name);
    return name;
  }
}

const SET_CACHED_PLANS = 'SET LOCAL plan_cache_mode = auto';

/** Set by `transactionWithCachedPlans` until its transaction has started. */
const cachedPlansAsked = new AsyncLocalStorage<{ pending: boolean }>();

/**
 * For this transaction only, PostgreSQL's default plan caching (`plan_cache_mode = auto`): after
 * five executions a named statement may keep one generic plan instead of being planned again.
 * For a transaction of key lookups and inserts, where one plan suits every value (one patient's
 * record and relationships, one referral and its audit row, a risk import's per-row foreign-key
 * checks). Measured on the single view: 2.6 ms of planning per request when every execution was
 * planned, 0.1 ms with cached plans (docs/benchmarks.md). Never for a statement whose best plan
 * depends on its values (a report's scope or period, a name search, a practice's caseload): those
 * stay on the connection's forced custom plans (hazard H18-5). Call it first in the transaction.
 */
export async function useCachedPlans(em: { query(sql: string): Promise<unknown> }): Promise<void> {
  await em.query(SET_CACHED_PLANS);
}

/**
 * A transaction that uses cached plans (as `useCachedPlans`), for the per-request key-lookup
 * transactions (the single view, intake). `PreparedStatementClient` sends the setting in the same
 * message as `START TRANSACTION`, one round trip fewer per request; with prepared statements off
 * (another client) it is set by its own statement as before. Only the first transaction started in
 * `work`'s async context is the one asked for: one started inside it keeps the custom plans.
 */
export function transactionWithCachedPlans<T>(db: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const asked = { pending: true };
  return cachedPlansAsked.run(asked, () =>
    db.transaction(async (em) => {
      if (asked.pending) {
        asked.pending = false;
        await useCachedPlans(em);
      }
      return work(em);
    }),
  );
}
