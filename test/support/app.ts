import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SignJWT } from 'jose';
import type { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap/configure-app';
import { AppConfig, loadConfig } from '../../src/config/config';
import { TEMPLATE_DB, WORKER_DB_PREFIX, admin, withDatabase } from '../setup/database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export interface Claims {
  sub?: string;
  name?: string;
  roles: string[];
  teams?: string[];
  org?: string;
}

export interface TestApp {
  app: NestExpressApplication;
  db: DataSource;
  config: AppConfig;
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  token(claims: Claims, options?: { expiresIn?: string; secret?: string }): Promise<string>;
  truncate(): Promise<void>;
  close(): Promise<void>;
}

/** This worker's own database, cloned once from the migrated template. */
export async function workerDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.TEST_DB_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_DB_ADMIN_URL is not set: run tests through jest (global setup)');
  const name = `${WORKER_DB_PREFIX}${process.env.JEST_WORKER_ID ?? '1'}`;
  await admin(adminUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  });
  return withDatabase(adminUrl, name);
}

export function signToken(claims: Claims, options: { expiresIn?: string; secret?: string } = {}): Promise<string> {
  return new SignJWT({ roles: claims.roles, teams: claims.teams ?? [], org: claims.org, name: claims.name ?? 'Test User' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? 'staff-test')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

export async function createTestApp(env: Record<string, string> = {}, options: { logStream?: Writable; databaseUrl?: string } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await workerDatabaseUrl());
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    DB_POOL_SIZE: '5',
    ...env,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, { logStream: options.logStream }), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.init();
  const db = app.get(DataSource);
  return {
    app,
    db,
    config,
    databaseUrl,
    http: () => request(app.getHttpServer()),
    token: signToken,
    truncate: () => truncateAll(db),
    close: () => app.close(),
  };
}

export async function truncateAll(db: DataSource): Promise<void> {
  const rows: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
  );
  if (rows.length) await db.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
