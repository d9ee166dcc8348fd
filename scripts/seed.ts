/** `npm run seed [-- --population 200000]`: load the South Kent Coast demo data (idempotent). */
import 'reflect-metadata';
import { loadConfig } from '../src/config/config';
import { resolveDatabase } from '../src/database/database-url';
import { runMigrations } from '../src/database/migrate';
import { seedDatabase } from '../src/seed/seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const i = process.argv.indexOf('--population');
  const population = i > 0 ? Number(process.argv[i + 1]) : config.seedPopulation;
  if (!Number.isInteger(population) || population < 0 || population > 2_000_000) throw new Error('--population must be 0-2000000');
  const db = await resolveDatabase(config, (m) => console.log(m));
  try {
    await runMigrations(db.url);
    const started = Date.now();
    const r = await seedDatabase(db.url, { population });
    console.log(`Seeded ${r.organisations} organisations, ${r.teams} teams, ${r.patients} patients in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
