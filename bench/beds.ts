/**
 * `npm run bench:beds [-- --units 20 --beds 25 --requests 2000 --concurrency 20 --cycles 2 --duration 5]`
 *
 * Allocation throughput under concurrency. Seeds the demo reference data and a population into a
 * scratch database (embedded, or DATABASE_URL), boots TWO service instances in-process on that one
 * database, creates the units and beds over HTTP, then:
 *  1. request storm: `requests` POST /bed-requests at `concurrency` in flight, alternating instances;
 *     each runs the allocator in its transaction (the first units*beds get offers, the rest wait);
 *  2. turnover: every bed is admitted, discharged and marked ready, `cycles` times, at `concurrency`
 *     in flight across both instances; each ready runs the allocator and offers the bed to the next
 *     in line;
 *  3. reads: the whole bed board (GET /beds?limit=500) and a unit's mix, with autocannon.
 * Checks the invariants at the end (no bed or patient with two active stays, no bed idle beside an
 * eligible waiting request). Numbers go to stdout; record them in docs/benchmarks.md.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { syntheticPopulation } from '../src/seed/population';
import { seedDatabase } from '../src/seed/seed';
import { freePort } from '../scripts/free-ports';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const SECRET = 'bench-secret-long-enough-for-hs256-signing';

function token(sub: string, roles: string[], teams: string[]): Promise<string> {
  return new SignJWT({ roles, teams })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(SECRET));
}

interface Call {
  status: number;
  ms: number;
  body: Record<string, unknown>;
}

async function call(base: string, auth: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call & { etag: string | null }> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, body: text ? JSON.parse(text) : {}, etag: res.headers.get('etag') };
}

/** Runs the tasks with at most `concurrency` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(title: string, calls: Call[], seconds: number, extra = ''): void {
  const ms = calls.map((c) => c.ms);
  const failed = calls.filter((c) => c.status >= 400).length;
  console.log(
    `${title}: ${calls.length} in ${seconds.toFixed(1)} s = ${(calls.length / seconds).toFixed(0)}/s, latency p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, ${failed} errors${extra}`,
  );
}

async function main(): Promise<void> {
  const units = arg('units', 20);
  const bedsPerUnit = arg('beds', 25);
  const requests = arg('requests', 2000);
  const concurrency = arg('concurrency', 20);
  const cycles = arg('cycles', 2);
  const duration = arg('duration', 5);
  const config = loadConfig({ ...process.env, AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', BEDS_SWEEP_INTERVAL_SECONDS: '0' });
  const dir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'cc-bench-beds-'));
  const embedded = dir ? await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), persistent: false }) : undefined;
  const url = config.databaseUrl ?? (embedded?.url as string);
  const apps: NestExpressApplication[] = [];
  try {
    await runMigrations(url);
    await seedDatabase(url, { population: requests + 100 });
    for (let i = 0; i < 2; i++) {
      const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { bodyParser: false, logger: false });
      configureApp(app);
      await app.listen(0, '127.0.0.1');
      apps.push(app);
    }
    const bases = await Promise.all(apps.map((a) => a.getUrl()));
    const manager = await token('bench-bm', ['bed_manager'], ['SKC-IC-DD', 'SKC-IC-SF']);
    const idt = await token('bench-idt', ['discharge_coordinator'], ['SKC-IDT']);
    console.log(`two instances, ${units} units x ${bedsPerUnit} beds, ${requests} requests, ${concurrency} in flight`);

    const bedIds: string[] = [];
    const unitIds: string[] = [];
    for (let u = 0; u < units; u++) {
      const dd = u % 2 === 0;
      const unit = await call(bases[0], manager, 'POST', '/bed-units', {
        name: `Bench Unit ${String(u + 1).padStart(2, '0')}`,
        organisationOds: 'ZKCHT',
        setting: 'care_home',
        locality: dd ? 'Dover/Deal' : 'Shepway/Folkestone',
        teamCode: dd ? 'SKC-IC-DD' : 'SKC-IC-SF',
      });
      unitIds.push(unit.body.id as string);
      for (let b = 0; b < bedsPerUnit; b++) {
        const bed = await call(bases[0], manager, 'POST', `/bed-units/${unit.body.id}/beds`, {
          label: `B${String(b + 1).padStart(2, '0')}`,
          capabilities: b % 5 === 0 ? ['nursing', 'dementia'] : [],
        });
        bedIds.push(bed.body.id as string);
      }
    }

    // 1. request storm
    const people = [...syntheticPopulation(requests)].map((p) => p.nhsNumber);
    let t0 = performance.now();
    const storm = await pool(
      people.map((nhsNumber, i) => () =>
        call(bases[i % 2], idt, 'POST', '/bed-requests', {
          nhsNumber,
          direction: i % 4 === 3 ? 'step_up' : 'step_down',
          needs: i % 10 === 0 ? ['dementia'] : [],
          priority: i % 7 === 0 ? 'urgent' : 'routine',
        }),
      ),
      concurrency,
    );
    const offered = storm.filter((c) => c.body.status === 'offered').length;
    report('POST /bed-requests (allocator in the transaction), two instances', storm, (performance.now() - t0) / 1000, `; ${offered} offered, ${storm.length - offered} waiting`);

    // 2. turnover: admit, discharge, ready (each ready offers the bed to the next in line)
    const db = new Client({ connectionString: url });
    await db.connect();
    let readies: Call[] = [];
    let admits: Call[] = [];
    let offersMade = 0;
    t0 = performance.now();
    for (let c = 0; c < cycles; c++) {
      const active: { stay_id: string; bed_id: string }[] = (
        await db.query(`SELECT id AS stay_id, bed_id FROM bed_stays WHERE status = 'offered'`)
      ).rows;
      const round = await pool(
        active.map((s, i) => async () => {
          const base = bases[i % 2];
          const admit = await call(base, manager, 'POST', `/bed-stays/${s.stay_id}/admit`, {});
          await call(base, manager, 'POST', `/bed-stays/${s.stay_id}/discharge`, { destination: 'usual_residence' });
          const bed = await call(base, manager, 'GET', `/beds/${s.bed_id}`);
          const ready = await call(base, manager, 'PATCH', `/beds/${s.bed_id}`, { status: 'available' }, { 'if-match': bed.etag ?? '' });
          if ((ready.body.stay as { status?: string } | null)?.status === 'offered') offersMade++;
          return { admit, ready };
        }),
        concurrency,
      );
      readies = readies.concat(round.map((r) => r.ready));
      admits = admits.concat(round.map((r) => r.admit));
    }
    const turnoverSeconds = (performance.now() - t0) / 1000;
    report('PATCH /beds/{id} ready (allocator offers the freed bed)', readies, turnoverSeconds, `; ${offersMade} re-offered`);
    report('POST /bed-stays/{id}/admit (mix re-judged)', admits, turnoverSeconds);

    // invariants
    const twoPerBed = (await db.query(`SELECT count(*) AS n FROM (SELECT bed_id FROM bed_stays WHERE status IN ('offered','occupied') GROUP BY bed_id HAVING count(*) > 1) x`)).rows[0].n;
    const twoPerPatient = (await db.query(`SELECT count(*) AS n FROM (SELECT patient_id FROM bed_stays WHERE status IN ('offered','occupied') GROUP BY patient_id HAVING count(*) > 1) x`)).rows[0].n;
    const idleBeside = (
      await db.query(
        `SELECT count(*) AS n FROM beds b WHERE b.state = 'open'
           AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.bed_id = b.id AND s.status IN ('offered','occupied'))
           AND EXISTS (SELECT 1 FROM bed_requests r WHERE r.status = 'waiting' AND b.capabilities @> r.needs)`,
      )
    ).rows[0].n;
    const decisions = (await db.query('SELECT count(*) AS n FROM bed_allocations')).rows[0].n;
    console.log(`invariants: beds with two active stays ${twoPerBed}, patients with two beds ${twoPerPatient}, free beds beside an eligible waiting request ${idleBeside}; ${decisions} decisions logged`);
    await db.end();

    // 3. reads
    for (const [title, path] of [
      ['GET /beds?limit=500 (whole board, access-gated NHS numbers, audited)', '/api/v1/beds?limit=500'],
      [`GET /bed-units/{id}/mix`, `/api/v1/bed-units/${unitIds[0]}/mix`],
    ]) {
      const result = await autocannon({ url: bases[0] + path, connections: 10, duration, headers: { authorization: `Bearer ${manager}` } });
      console.log(
        `${title}: ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx + result.errors} non-2xx/errors of ${result.requests.total}`,
      );
    }
  } finally {
    for (const app of apps) await app.close();
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
