import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

interface Scope {
  runner: QueryRunner;
  open: boolean;
}

const storage = new AsyncLocalStorage<Scope>();
const INSTALLED = Symbol('requestTransactionsInstalled');

/**
 * One transaction for a whole request (used by Idempotency-Key creates, so the key's record
 * commits atomically with the request's effect: a crash leaves neither). Inside the scope the data
 * source's manager, transaction(), query() and createQueryBuilder() all use the request's
 * connection, so services keep writing `db.transaction((em) => ...)` (a savepoint inside the request
 * transaction) and a request never holds two pooled connections at once.
 */
export function installRequestTransactions(db: DataSource): void {
  const patched = db as DataSource & { [INSTALLED]?: true };
  if (patched[INSTALLED]) return;
  patched[INSTALLED] = true;
  const manager = db.manager;
  const scoped = () => {
    const scope = storage.getStore();
    return scope?.open ? scope.runner : undefined;
  };
  Object.defineProperty(db, 'manager', { configurable: true, get: () => scoped()?.manager ?? manager });
  const query = db.query.bind(db);
  db.query = ((sql: string, parameters?: unknown[], runner?: QueryRunner) => query(sql, parameters, runner ?? scoped())) as DataSource['query'];
  const createQueryBuilder = db.createQueryBuilder.bind(db) as (...args: unknown[]) => unknown;
  db.createQueryBuilder = ((entityOrRunner?: unknown, alias?: string, runner?: QueryRunner) =>
    alias !== undefined
      ? createQueryBuilder(entityOrRunner, alias, runner ?? scoped())
      : createQueryBuilder(entityOrRunner ?? scoped())) as DataSource['createQueryBuilder'];
}

/**
 * Runs `work` in a transaction on one connection that everything in the request joins. `work`
 * gets the transaction's manager; the transaction commits when it resolves and rolls back when it
 * throws. The scope closes before commit/rollback, so code after it (refusal audit) uses the pool.
 */
export async function withRequestTransaction<T>(db: DataSource, work: (em: EntityManager, runner: QueryRunner) => Promise<T>): Promise<T> {
  installRequestTransactions(db);
  const runner = db.createQueryRunner();
  const scope: Scope = { runner, open: true };
  try {
    await runner.connect();
    await runner.startTransaction();
    const result = await storage.run(scope, () => work(runner.manager, runner));
    scope.open = false;
    await runner.commitTransaction();
    return result;
  } catch (err) {
    scope.open = false;
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    scope.open = false;
    await runner.release();
  }
}

/** Runs `fn` as if no request transaction were open (for writes that must outlive a rollback). */
export function outsideRequestTransaction<T>(fn: () => T): T {
  return storage.exit(fn);
}
