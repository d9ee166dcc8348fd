import 'reflect-metadata';
import cluster from 'node:cluster';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { superviseWorkers } from './bootstrap/workers';
import { configureApp } from './bootstrap/configure-app';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { resolveDatabase } from './database/database-url';
import { runMigrations } from './database/migrate';
import { seedIfEmpty } from './seed/seed';

/** Boot-time lines go out as JSON, like the rest of the logs, before Nest's logger exists. */
function log(level: 'info' | 'warn' | 'error', msg: string): void {
  const line = JSON.stringify({ level, time: Date.now(), service: 'care-coordination', pid: process.pid, msg });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      log('error', e.message);
      process.exit(1);
    }
    throw e;
  }
  if (cluster.isWorker) {
    // The primary resolved, migrated and seeded the database and passed its URL on.
    await serve(config, config.databaseUrl as string, () => undefined);
    return;
  }
  if (config.auth.usingDevSecret) {
    log('warn', 'AUTH_JWT_SECRET is not set: using the documented development secret. Never do this in production.');
  }
  const db = await resolveDatabase(config, (m) => log('info', m));
  try {
    await prepare(config, db.url);
    if (config.webConcurrency > 1) {
      superviseWorkers(config.webConcurrency, db.url, log, () => db.embedded?.stop());
      return;
    }
    await serve(config, db.url, () => db.embedded?.stop());
  } catch (e) {
    // Do not leave an embedded PostgreSQL running behind a service that failed to start.
    await db.embedded?.stop();
    throw e;
  }
}

/** Migrations and the demo data, once, before any process serves. */
async function prepare(config: AppConfig, databaseUrl: string): Promise<void> {
  if (config.migrationsRun) {
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log('info', `Applied migrations: ${applied.join(', ')}`);
  }
  if (config.seedOnFirstStart) {
    const seeded = await seedIfEmpty(databaseUrl, { population: config.seedPopulation });
    if (seeded) log('info', `Loaded the South Kent Coast demo data set (${seeded.patients} patients)`);
  }
}

async function serve(config: AppConfig, databaseUrl: string, stopDatabase: () => Promise<void> | undefined): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), { bodyParser: false, bufferLogs: true });
  configureApp(app);
  let stopping = false;
  const stop = async (signal: string) => {
    // a second signal (Ctrl-C reaches a cluster's primary and its workers alike) must not cut the drain short
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: shutting down`);
    await app.close();
    await stopDatabase();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen(config.port, config.host);
  log('info', `Listening on http://localhost:${config.port} (API under /api/v1, docs at /docs)`);
}

bootstrap().catch((e) => {
  log('error', `Failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
