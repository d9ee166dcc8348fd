import cluster, { type Worker } from 'node:cluster';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

/**
 * WEB_CONCURRENCY > 1: this process (the primary) forks that many workers, each a whole instance
 * of the service on the same port (the primary hands connections round-robin) and the same
 * database. Instances share nothing but PostgreSQL, so this is N instances on one machine
 * (docs/scaling.md). A worker that dies is replaced after a pause; SIGTERM/SIGINT stop the workers
 * (each drains like a single instance), then the embedded PostgreSQL.
 */
export function superviseWorkers(count: number, databaseUrl: string, log: Log, stopDatabase: () => Promise<void> | undefined): void {
  let stopping = false;
  const env = { DATABASE_URL: databaseUrl, MIGRATIONS_RUN: 'false', SEED_ON_FIRST_START: 'false' };
  const fork = (): Worker => cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) void Promise.resolve(stopDatabase()).then(() => process.exit(0));
      return;
    }
    log('warn', `worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: stopping ${count} workers`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (let i = 0; i < count; i++) fork();
  log('info', `Started ${count} worker processes (WEB_CONCURRENCY)`);
}
