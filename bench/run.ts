/**
 * `npm run bench [-- --population 200000 --duration 10]`: seeds a population into a scratch
 * database (embedded, or DATABASE_URL), boots the service in-process and measures, with
 * autocannon over loopback, the patient single view and the family-name + date-of-birth search.
 * Numbers go to stdout; record them in docs/benchmarks.md. Never run in `npm test`.
 */
import 'reflect-metadata';
import { syntheticPopulation } from '../src/seed/population';
import { seedDatabase } from '../src/seed/seed';
import { arg, benchConfig, load, sign, startApp, withScratchDatabase } from './support';

async function main(): Promise<void> {
  const population = arg('population', 200_000);
  const duration = arg('duration', 10);
  const config = benchConfig();
  await withScratchDatabase(config, async (url) => {
    const t = Date.now();
    const seeded = await seedDatabase(url, { population });
    console.log(`seed: ${seeded.patients} patients in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const { app, base } = await startApp(config, url);
    const token = await sign({ roles: ['care_navigator'], teams: ['SKC-SPOA'] });
    const sample = [...syntheticPopulation(Math.min(population, 5000))];
    await load('GET /patients/{nhsNumber} (single view, audited)', base, token, sample.map((p) => `/api/v1/patients/${p.nhsNumber}`), duration);
    await load(
      'GET /patients?search=<family name> <date of birth>',
      base,
      token,
      sample.map((p) => `/api/v1/patients?search=${encodeURIComponent(`${p.familyName} ${p.dateOfBirth}`)}`),
      duration,
    );
    await app.close();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
