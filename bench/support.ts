/** Shared by the benchmark scripts: arguments, a scratch database, the app, tokens and load. */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { AppConfig, loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';

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
export async function withScratchDatabase<T>(config: AppConfig, fn: (url: string) => Promise<T>, postgresFlags?: string[]): Promise<T> {
  const dir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'cc-bench-'));
  const port = 56_000 + Math.floor(Math.random() * 2000);
  const embedded = dir ? await startEmbeddedPostgres({ dataDir: dir, port, persistent: false, postgresFlags }) : undefined;
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
