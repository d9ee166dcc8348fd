/** `npm run migration:run|revert` against DATABASE_URL or the embedded database. */
import 'reflect-metadata';
import { loadConfig } from '../src/config/config';
import { resolveDatabase } from '../src/database/database-url';
import { revertLastMigration, runMigrations } from '../src/database/migrate';

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert') throw new Error('usage: migrate run|revert');
  const config = loadConfig();
  const db = await resolveDatabase(config, (m) => console.log(m));
  try {
    if (command === 'run') {
      const applied = await runMigrations(db.url);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
    } else {
      await revertLastMigration(db.url);
      console.log('Reverted the last migration');
    }
  } finally {
    await db.embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
