/**
 * `npm run bench [-- --population 200000 --duration 10]`: seeds a population into a scratch
 * database (embedded, or DATABASE_URL), boots the service in-process and measures, with
 * autocannon over loopback, the patient single view and the family-name + date-of-birth search.
 * Numbers go to stdout; record them in docs/benchmarks.md. Never run in `npm test`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { syntheticPopulation } from '../src/seed/population';
import { seedDatabase } from '../src/seed/seed';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function load(title: string, url: string, token: string, paths: string[], duration: number) {
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

async function main(): Promise<void> {
  const population = arg('population', 200_000);
  const duration = arg('duration', 10);
  const secret = 'bench-secret-long-enough-for-hs256-signing';
  const config = loadConfig({ ...process.env, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' });
  const dir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'cc-bench-'));
  const embedded = dir ? await startEmbeddedPostgres({ dataDir: dir, port: 56_000 + Math.floor(Math.random() * 1000), persistent: false }) : undefined;
  const url = config.databaseUrl ?? (embedded?.url as string);
  try {
    await runMigrations(url);
    let t = Date.now();
    const seeded = await seedDatabase(url, { population });
    console.log(`seed: ${seeded.patients} patients in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { bodyParser: false, logger: false });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const token = await new SignJWT({ roles: ['care_navigator'], teams: ['SKC-SPOA'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const sample = [...syntheticPopulation(Math.min(population, 5000))];
    t = Date.now();
    await load('GET /patients/{nhsNumber} (single view, audited)', base, token, sample.map((p) => `/api/v1/patients/${p.nhsNumber}`), duration);
    await load(
      'GET /patients?search=<family name> <date of birth>',
      base,
      token,
      sample.map((p) => `/api/v1/patients?search=${encodeURIComponent(`${p.familyName} ${p.dateOfBirth}`)}`),
      duration,
    );
    await app.close();
  } finally {
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
