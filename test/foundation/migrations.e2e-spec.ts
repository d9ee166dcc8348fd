import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { recreateDatabase, withDatabase } from '../setup/database';

describe('migrations', () => {
  const adminUrl = process.env.TEST_DB_ADMIN_URL as string;
  const name = `cc_test_w${process.env.JEST_WORKER_ID ?? '1'}_migrations`;
  const url = withDatabase(adminUrl, name);

  beforeEach(() => recreateDatabase(adminUrl, name));

  it('two instances starting at once both come up, and each migration runs once', async () => {
    const [a, b] = await Promise.all([runMigrations(url), runMigrations(url)]);
    expect([...a, ...b].length).toBeGreaterThan(0);
    // whoever took the lock first applied everything; the other found nothing pending
    expect(a.length === 0 || b.length === 0).toBe(true);
    const ds = new DataSource(dataSourceOptions(url, 1));
    await ds.initialize();
    try {
      const rows: { name: string }[] = await ds.query('SELECT name FROM migrations');
      expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
      expect(rows.length).toBe(ds.migrations.length);
    } finally {
      await ds.destroy();
    }
  });

  it('the migrated schema matches the entities (no drift), and every migration reverts cleanly', async () => {
    await runMigrations(url);
    const ds = new DataSource(dataSourceOptions(url, 1));
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const tables: { tablename: string }[] = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
      expect(tables).toEqual([]);
      await ds.runMigrations({ transaction: 'each' });
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
