import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { freePort } from '../../scripts/free-ports';
import { TEMPLATE_DB, WORKER_DB_PREFIX, admin, recreateDatabase, withDatabase } from './database';

/**
 * One PostgreSQL for the run: TEST_DATABASE_URL or DATABASE_URL when set (the role needs CREATEDB),
 * otherwise an embedded one in a temporary directory. Migrates a template database once; each
 * Jest worker clones it (test/support/app.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'cc-test-pg-'));
    const port = await freePort();
    const embedded = await startEmbeddedPostgres({ dataDir: dir, port, persistent: false });
    (globalThis as { __EMBEDDED_PG__?: unknown }).__EMBEDDED_PG__ = embedded;
    adminUrl = embedded.url;
  }
  await admin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${WORKER_DB_PREFIX}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  });
  await recreateDatabase(adminUrl, TEMPLATE_DB);
  await runMigrations(withDatabase(adminUrl, TEMPLATE_DB));
  process.env.TEST_DB_ADMIN_URL = adminUrl;
}
