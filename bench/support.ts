/** Shared by the benchmark scripts: arguments, a scratch database, the app, tokens and load. */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { AppConfig, loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { freePort } from '../scripts/free-ports';

export const BENCH_SECRET = 'bench-secret-long-enough-for-hs256-signing';

/** `--name value` from the command line, as a number. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The service's config for a benchmark: quiet, no rate limit, background jobs off unless asked. */
export function benchConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, NODE_ENV: 'test', AUTH_JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', ...env });
}

/** DATABASE_URL, or a throw-away embedded PostgreSQL; migrated; removed afterwards. */
export async function withScratchDatabase<T>(config: AppConfig, fn: (url: string) => Promise<T>, postgresFlags?: string[], onLog?: (line: string) => void): Promise<T> {
  const dir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'cc-bench-'));
  const port = await freePort();
  const embedded = dir ? await startEmbeddedPostgres({ dataDir: dir, port, persistent: false, postgresFlags, onLog }) : undefined;
  const url = config.databaseUrl ?? (embedded?.url as string);
  try {
    await runMigrations(url);
    return await fn(url);
  } finally {
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** The service in this process, listening on a free loopback port. */
export async function startApp(config: AppConfig, url: string): Promise<{ app: NestExpressApplication; base: string }> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { bodyParser: false, logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

export function sign(claims: Record<string, unknown>, sub = 'bench'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('1h').sign(new TextEncoder().encode(BENCH_SECRET));
}

/** autocannon over the given paths in turn; prints req/s and latency. */
export async function load(title: string, url: string, token: string, paths: string[], duration: number): Promise<void> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title}: ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${non2xx} non-2xx/errors of ${result.requests.total}`,
  );
}

export interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** A path (or several, taken in turn) to load, with per-request headers and body. */
export interface Target {
  base: string;
  method: 'GET' | 'POST';
  paths: string[];
  body?: (i: number) => string;
  headers?: (i: number) => Record<string, string>;
}

/** autocannon over `t` for `duration` seconds: req/s, latency and non-2xx answers plus errors. */
export async function measure(t: Target, duration: number, connections = 10): Promise<Result> {
  let i = 0;
  const r = await autocannon({
    url: t.base,
    connections,
    duration,
    requests: [
      {
        method: t.method,
        setupRequest: (req) => {
          const n = i++;
          return { ...req, path: t.paths[n % t.paths.length], headers: { ...req.headers, ...t.headers?.(n) }, body: t.body?.(n) };
        },
      },
    ],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A script as a child process, resolved once it says it is ready (an IPC 'ready' or a stdout line). */
export function start(script: string, args: string[], env: Record<string, string>, ready: (line: string) => boolean, execArgv: string[] = []): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.on('message', (m) => m === 'ready' && resolve(child));
    child.stdout?.on('data', (d: Buffer) => ready(d.toString()) && resolve(child));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/**
 * The built service (dist/src/main.js) as its own process, as in production, on `port` over an
 * already migrated and seeded database: quiet, no rate limit to speak of, `env` on top.
 */
export function startService(url: string, port: number, env: Record<string, string> = {}, execArgv: string[] = []): Promise<ChildProcess> {
  let listening = 0;
  return start(
    join(__dirname, '../src/main.js'),
    [],
    {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'silent',
      MIGRATIONS_RUN: 'false',
      SEED_ON_FIRST_START: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    // with WEB_CONCURRENCY=N, ready once every worker listens
    (chunk) => {
      listening += chunk.split('Listening on').length - 1;
      return listening >= Number(env.WEB_CONCURRENCY ?? 1);
    },
    execArgv,
  );
}

/** Stops child processes (before their database goes away) and waits for them to exit. */
export function stopAll(children: ChildProcess[]): Promise<unknown> {
  return Promise.all(
    children.map(
      (c) =>
        new Promise((done) => {
          c.removeAllListeners('exit');
          c.once('exit', done);
          c.kill('SIGTERM');
        }),
    ),
  );
}

/** Runs `step`, prints how long it took, returns its result. */
export async function timed<T>(title: string, step: () => Promise<T>, describe: (r: T) => string = () => ''): Promise<T> {
  const t = Date.now();
  const r = await step();
  const d = describe(r);
  console.log(`${title}: ${((Date.now() - t) / 1000).toFixed(1)} s${d ? ` (${d})` : ''}`);
  return r;
}

export interface Sequential {
  n: number;
  p50: number;
  p95: number;
  non2xx: number;
  /** Median size of the answers, to see they carry something. */
  bytes: number;
  firstFailure?: string;
}

/** One request at a time over `t` until `requests` are done or `seconds` have passed (at least 10, or `requests` if fewer). */
export async function sequential(t: Target, requests: number, seconds: number): Promise<Sequential> {
  const ms: number[] = [];
  const bytes: number[] = [];
  let non2xx = 0;
  let firstFailure: string | undefined;
  const until = Date.now() + seconds * 1000;
  for (let i = 0; i < requests && (i < 10 || Date.now() < until); i++) {
    const started = performance.now();
    const res = await fetch(t.base + t.paths[i % t.paths.length], { method: t.method, headers: t.headers?.(i), body: t.body?.(i) });
    const body = await res.text();
    ms.push(performance.now() - started);
    bytes.push(body.length);
    if (res.status < 200 || res.status > 299) {
      non2xx += 1;
      firstFailure ??= `${t.method} ${t.paths[i % t.paths.length]}: HTTP ${res.status} ${body.slice(0, 200)}`;
    }
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return { n: ms.length, p50: q(0.5), p95: q(0.95), non2xx, bytes: median(bytes), firstFailure };
}

/** Ten users with these claims, taken in turn by request number. */
export async function users(name: string, claims: Record<string, unknown>): Promise<(i: number) => Record<string, string>> {
  const tokens = await Promise.all(Array.from({ length: 10 }, (_, k) => sign(claims, `bench-${name}-${k}`)));
  return (i) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` });
}

/** Background jobs off in the measured service: the table is about the requests. */
export const JOBS_OFF = Object.fromEntries(
  [
    'AE_INREACH_CHECK_INTERVAL_SECONDS',
    'BEDS_SWEEP_INTERVAL_SECONDS',
    'BREACH_CHECK_INTERVAL_SECONDS',
    'CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS',
    'DISCHARGE_SNAPSHOT_INTERVAL_SECONDS',
    'EPISODE_REVIEW_CHECK_INTERVAL_SECONDS',
    'RATE_LIMIT_SWEEP_INTERVAL_SECONDS',
    'TRACE_INTERVAL_SECONDS',
    'WEBHOOK_DISPATCH_INTERVAL_MS',
  ].map((k) => [k, '0']),
);

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A scratch PostgreSQL sized for county-scale data (the embedded default is 128 MB of shared buffers) and bulk loads. */
export const BULK_PG_FLAGS = ['-c', 'shared_buffers=1GB', '-c', 'max_wal_size=8GB', '-c', 'checkpoint_timeout=30min', '-c', 'maintenance_work_mem=512MB'];

/** One statement's totals over a run: planning and execution in ms. */
export interface StatementCost {
  calls: number;
  plan: number;
  exec: number;
  query: string;
}

/** This database's statements from pg_stat_statements since its last reset, costliest first. */
export async function statementCosts(db: Client): Promise<StatementCost[]> {
  const { rows } = await db.query<StatementCost>(
    `SELECT calls::int, total_plan_time AS plan, total_exec_time AS exec, regexp_replace(query, '\\s+', ' ', 'g') AS query FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_plan_time + total_exec_time DESC`,
  );
  return rows;
}
