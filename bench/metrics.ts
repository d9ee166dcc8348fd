/**
 * `npm run bench:metrics [-- --population 200000 --runs 5]`: seeds the South Kent Coast population
 * (31 practices, two localities) into a scratch database (embedded, or DATABASE_URL), writes a
 * year of activity with set-based SQL, boots the service in-process and times GET /metrics for the
 * whole year (CCG, one locality, one practice, CSV) and a 3-month window; with the discharge
 * workspace over that year, it times the midnight snapshots' catch-up of the whole year and the
 * discharge board, summary and delayed-days trend. `--statements`: PostgreSQL's statements by
 * time (pg_stat_statements) behind the year's metrics for all practices. `--burst N`: the audited
 * single view, one request at a time, alone and while N year-long reports for the whole CCG run
 * at once, on the service as its own process with report turns as configured (2) and with as many
 * turns as reports (no waiting), alternating.
 * Numbers go to stdout; record them in docs/benchmarks.md. Never run in `npm test`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SignJWT } from 'jose';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { loadConfig } from '../src/config/config';
import { DischargeSnapshotService } from '../src/modules/admissions/discharge/discharge-snapshot.service';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { seedDatabase } from '../src/seed/seed';
import { NOW, SOUTH_KENT_COAST_YEAR, YEAR_AGO, seedDischarge, seedYear } from './activity';
import { freePort } from '../scripts/free-ports';
import { setTimeout as sleep } from 'node:timers/promises';
import { syntheticPopulation } from '../src/seed/population';
import { JOBS_OFF, type Target, median, sequential, sign, startService, statementCosts, stopAll } from './support';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function time(title: string, url: string, token: string, runs: number) {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${title}: HTTP ${res.status} ${body}`);
    bytes = body.length;
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`${title}: median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms over ${runs} runs (${bytes} bytes)`);
}

/** PostgreSQL's statements by total time while `work` runs. */
async function topStatements(url: string, work: () => Promise<void>): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    await work();
    for (const r of (await statementCosts(db)).slice(0, 12)) console.log(`  ${(r.plan + r.exec).toFixed(0).padStart(6)} ms  ${r.calls} calls  ${r.query.slice(0, 150)}`);
  } finally {
    await db.end();
  }
}

/**
 * The single view alone and under `reports` year-long CCG reports asked again as each answers, on
 * the built service with `turns` report turns: p50 / p95, and what the reports got.
 */
async function underBurst(url: string, turns: number, reports: number, year: string, nhsNumbers: string[]): Promise<void> {
  const [port, navigator, commissioner] = [await freePort(), await sign({ roles: ['care_navigator'], teams: ['SKC-SPOA'], org: 'RYY' }), await sign({ roles: ['commissioner'], org: 'ZSKCCG' })];
  const service = await startService(url, port, { ...JOBS_OFF, METRICS_CONCURRENT_REPORTS: String(turns) });
  try {
    const base = `http://127.0.0.1:${port}`;
    const view: Target = { base, method: 'GET', paths: nhsNumbers.map((n) => `/api/v1/patients/${n}`), headers: () => ({ authorization: `Bearer ${navigator}` }) };
    const alone = await sequential(view, 100, 10);
    let stop = false;
    const got = { ok: 0, busy: 0, other: 0, ms: [] as number[] };
    const loops = Array.from({ length: reports }, async () => {
      while (!stop) {
        const started = performance.now();
        const res = await fetch(`${base}/api/v1/metrics?${year}`, { headers: { authorization: `Bearer ${commissioner}` } });
        await res.text();
        if (res.status === 200) {
          got.ok += 1;
          got.ms.push(performance.now() - started);
        } else if (res.status === 503) got.busy += 1;
        else got.other += 1;
      }
    });
    const began = performance.now();
    await sleep(2000);
    // the same 15 s under the reports whatever the single view's speed
    const during = await sequential(view, 1_000_000, 15);
    stop = true;
    await Promise.all(loops);
    const seconds = (performance.now() - began) / 1000;
    const f = (x: number) => x.toFixed(0);
    console.log(
      `| ${turns} | ${f(alone.p50)} / ${f(alone.p95)} | ${f(during.p50)} / ${f(during.p95)} (${during.n}) | ${got.ok} in ${f(seconds)} s: ${(got.ok / seconds).toFixed(2)}/s, median ${f(median(got.ms))} ms | ${got.busy} | ${got.other + alone.non2xx + during.non2xx} |`,
    );
  } finally {
    await stopAll([service]);
  }
}

async function main(): Promise<void> {
  const population = arg('population', 200_000);
  const runs = arg('runs', 5);
  const secret = 'bench-secret-long-enough-for-hs256-signing';
  const config = loadConfig({ ...process.env, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', DISCHARGE_SNAPSHOT_INTERVAL_SECONDS: '0', DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS: '366' });
  const dir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'cc-bench-'));
  const statements = process.argv.includes('--statements');
  const postgresFlags = statements ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [];
  const embedded = dir ? await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), persistent: false, postgresFlags }) : undefined;
  const url = config.databaseUrl ?? (embedded?.url as string);
  try {
    await runMigrations(url);
    let t = Date.now();
    const seeded = await seedDatabase(url, { population });
    console.log(`seed: ${seeded.patients} patients in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const pg = new Client({ connectionString: url });
    await pg.connect();
    t = Date.now();
    // About a year of South Kent Coast activity (IDT ~15 discharges a day per hospital, SPoA referrals, episodes, beds).
    const counts = await seedYear(pg, SOUTH_KENT_COAST_YEAR);
    console.log(`a year of activity in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    t = Date.now();
    await seedDischarge(pg);
    console.log(`discharge workspace entries in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await pg.end();

    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { bodyParser: false, logger: false });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const base = `${await app.getUrl()}/api/v1`;
    // The midnight snapshots of the whole year, as after a first start (catch-up), timed.
    t = Date.now();
    const snap = await app.get(DischargeSnapshotService).catchUp(NOW);
    console.log(`midnight snapshots: ${snap.days} days, ${snap.delayed} delayed-patient rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const next = await app.get(DischargeSnapshotService).catchUp(new Date(NOW.getTime() + 86_400_000));
    console.log(`one more day's snapshot: ${next.days} day in ${Date.now() - t} ms`);
    const idt = await new SignJWT({ roles: ['discharge_coordinator'], teams: ['SKC-IDT'], org: 'ZEKHT' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench-idt')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const token = await new SignJWT({ roles: ['commissioner'], teams: [], org: 'ZSKCCG' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const year = `from=${YEAR_AGO.toISOString()}&to=${NOW.toISOString()}`;
    const quarter = `from=${new Date(NOW.getTime() - 182 * 86_400_000).toISOString()}&to=${new Date(NOW.getTime() - 91 * 86_400_000).toISOString()}`;
    if (statements) await topStatements(url, () => time('GET /metrics (a year, all 31 practices)', `${base}/metrics?${year}`, token, 1));
    await time('GET /metrics (a year, all 31 practices)', `${base}/metrics?${year}`, token, runs);
    await time('GET /metrics (a year, locality Dover/Deal)', `${base}/metrics?${year}&locality=Dover%2FDeal`, token, runs);
    await time('GET /metrics (a year, one practice Z99001)', `${base}/metrics?${year}&practice=Z99001`, token, runs);
    await time('GET /metrics (a 3-month discharge window, all practices)', `${base}/metrics?${quarter}`, token, runs);
    await time('GET /metrics?format=csv (a year, all practices)', `${base}/metrics?${year}&format=csv`, token, runs);
    await time('GET /metrics/step-down-trend?weeks=52', `${base}/metrics/step-down-trend?weeks=52`, token, runs);
    await time('GET /discharge/delayed-days-trend?weeks=52', `${base}/discharge/delayed-days-trend?weeks=52`, token, runs);
    await time('GET /discharge/summary?hospital=ZEKHT', `${base}/discharge/summary?hospital=ZEKHT`, token, runs);
    await time('GET /discharge/board?hospital=ZEKHT (first 50, audited)', `${base}/discharge/board?hospital=ZEKHT`, idt, runs);
    const reports = arg('burst', 0);
    if (reports > 0) {
      const nhsNumbers = [...syntheticPopulation(Math.min(population, 5000))].map((p) => p.nhsNumber as string);
      console.log(`\nthe audited single view (sequential, ms) alone and under ${reports} year-long CCG reports at once:\n`);
      console.log('| report turns | alone p50 / p95 | under the reports p50 / p95 (requests) | reports produced | 503 REPORTS_BUSY | other errors |');
      console.log('|---|---|---|---|---|---|');
      for (let round = 0; round < 2; round++) {
        for (const turns of [reports, config.metrics.concurrentReports]) await underBurst(url, turns, reports, year, nhsNumbers);
      }
    }
    const mem = process.memoryUsage();
    console.log(`process RSS after the runs: ${Math.round(mem.rss / 1024 / 1024)} MB, heap used ${Math.round(mem.heapUsed / 1024 / 1024)} MB`);
    await app.close();
  } finally {
    await embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
