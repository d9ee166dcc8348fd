/**
 * `npm run bench:compare [-- --population 20000 --duration 8 --rounds 3 --processes 1]`:
 * the service against the bare baseline (bench/bare-server.ts) in the same run, on the same
 * PostgreSQL, each on its own copy of the seeded database (the bare intake's ten-fold writes do
 * not grow the service's tables). Each is its own process (as in production: autocannon does not
 * share their CPU); both are warmed up, then rounds alternate bare and service, each from a
 * checkpoint, and the table shows medians and the ratio service / bare.
 * Never part of `npm test`; record what it prints in docs/benchmarks.md.
 *
 * `--profile` instead runs each path on the service alone (one round) with a CPU profile
 * (`bench-profiles/*.cpuprofile`, open in Chrome DevTools) and PostgreSQL's pg_stat_statements,
 * and prints per request: statements, PostgreSQL planning and execution time, Node CPU time, and
 * the statements that cost most. `--path health|intake|view|caseload` runs one path only.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Client } from 'pg';
import { syntheticPopulation } from '../src/seed/population';
import { seedDatabase } from '../src/seed/seed';
import { seedRiskScores } from './activity';
import { BENCH_SECRET, type Result, type StatementCost, type Target, arg, cpuSeconds, benchConfig, measure, median, sign, start, startService, statementCosts, stopAll, withScratchDatabase } from './support';
import { freePorts } from '../scripts/free-ports';

/** What the service cost per request on `t`: pg_stat_statements and the process's CPU, over one run. */
async function profile(name: string, t: Target, pid: number, url: string, duration: number): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('SELECT pg_stat_statements_reset()');
    const cpu0 = cpuSeconds(pid);
    const r = await autocannonTotal(t, duration);
    const cpu = cpuSeconds(pid) - cpu0;
    const rows = await statementCosts(db);
    const per = (x: number) => (x / r).toFixed(2);
    const sum = (f: (s: StatementCost) => number) => rows.reduce((n, s) => n + f(s), 0);
    console.log(`\n### ${name}: ${r} requests`);
    console.log(
      `per request: ${per(sum((s) => s.calls))} statements, PostgreSQL plan ${per(sum((s) => s.plan))} ms + execute ${per(sum((s) => s.exec))} ms, service Node CPU ${per(cpu * 1000)} ms`,
    );
    for (const s of rows.slice(0, 12)) {
      console.log(`  ${per(s.calls)}/req  plan ${per(s.plan)} ms  exec ${per(s.exec)} ms  ${s.query.slice(0, 110)}`);
    }
  } finally {
    await db.end();
  }
}

async function autocannonTotal(t: Target, duration: number): Promise<number> {
  const r = await measure(t, duration);
  return Math.round(r.rps * duration);
}

/** A copy of `url`'s database (CREATE DATABASE … TEMPLATE) on the same server; its URL. */
async function copyDatabase(url: string, name: string): Promise<string> {
  const source = new URL(url);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE "${decodeURIComponent(source.pathname.slice(1))}"`);
  } finally {
    await admin.end();
  }
  return Object.assign(source, { pathname: `/${name}` }).toString();
}

const CASELOAD_PRACTICE = 'Z99001';

/**
 * The caseload path's practice: grown to half the population (at most 20,000, the Kent-scale
 * practice) from the others, and every numbered patient given one score. Done before the bare
 * server's copy is made, so both rank the same rows. Its practice, size and an aligned team.
 */
async function caseloadPractice(url: string, population: number): Promise<{ ods: string; patients: number; team: string }> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    await pg.query(
      `UPDATE patients SET gp_practice_ods = $1 WHERE id IN (
         SELECT id FROM patients WHERE gp_practice_ods <> $1 ORDER BY id LIMIT greatest(0, $2 - (SELECT count(*) FROM patients WHERE gp_practice_ods = $1)))`,
      [CASELOAD_PRACTICE, Math.min(20_000, Math.floor(population / 2))],
    );
    await seedRiskScores(pg, 1);
    const [{ patients, team }] = (
      await pg.query(
        `SELECT (SELECT count(*) FROM patients WHERE gp_practice_ods = $1)::int AS patients,
                (SELECT min(team_code) FROM team_practices WHERE practice_ods = $1) AS team`,
        [CASELOAD_PRACTICE],
      )
    ).rows;
    return { ods: CASELOAD_PRACTICE, patients, team };
  } finally {
    await pg.end();
  }
}

async function main(): Promise<void> {
  const population = arg('population', 20_000);
  const duration = arg('duration', 8);
  const rounds = arg('rounds', 3);
  const processes = arg('processes', 1);
  const profiling = process.argv.includes('--profile');
  const config = benchConfig();
  const pgFlags = profiling ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_planning=on'] : [];
  await withScratchDatabase(config, async (url) => {
    const seeded = await seedDatabase(url, { population });
    const caseload = await caseloadPractice(url, population);
    console.log(`seeded ${seeded.patients} patients; the caseload practice ${caseload.ods} has ${caseload.patients}, every numbered patient one score`);
    // The bare server gets its own copy of the seeded database: its intake writes ten times the
    // service's rows, and on one database the service's later rounds ran on tables the bare had
    // grown (intake fell 269 -> 248 -> 215 req/s over three rounds).
    const bareUrl = await copyDatabase(url, 'bench_bare');
    // --processes N: one service with WEB_CONCURRENCY=N (node cluster: N workers on one port)
    const [servicePort, barePort] = await freePorts(2);
    const services = [
      await startService(url, servicePort, { WEB_CONCURRENCY: String(processes) }, profiling ? ['--cpu-prof', `--cpu-prof-dir=${join(process.cwd(), 'bench-profiles')}`] : []),
    ];
    const bare = await start(join(__dirname, 'bare-server.js'), [bareUrl, String(barePort), BENCH_SECRET], {}, () => false);
    const service = `http://127.0.0.1:${servicePort}`;
    const bareBase = `http://127.0.0.1:${barePort}`;
    // ten navigators, as on a shift: one user's requests share a rate-limit counter row
    const navs = await Promise.all(
      Array.from({ length: 10 }, (_, k) => sign({ roles: ['care_navigator'], teams: ['SKC-SPOA'], org: 'RYY' }, `bench-nav-${k}`)),
    );
    const auth = (i: number) => ({ authorization: `Bearer ${navs[i % navs.length]}` });
    // ten care coordinators of a team aligned to the caseload practice
    const coordinators = await Promise.all(
      Array.from({ length: 10 }, (_, k) => sign({ roles: ['care_coordinator'], teams: [caseload.team], org: 'ZKCHT' }, `bench-cc-${k}`)),
    );
    const coordinator = (i: number) => ({ authorization: `Bearer ${coordinators[i % coordinators.length]}` });
    const people = [...syntheticPopulation(Math.min(population, 5000))].map((p) => p.nhsNumber as string);
    const referral = JSON.stringify({
      source: { type: 'gp', name: 'Dr Bench' },
      reason: 'Two falls this week, struggling with stairs',
      urgency: 'urgent',
    });
    // the service's referral, as a navigator sends it (also to the guarded bare server)
    const intake = {
      method: 'POST' as const,
      headers: (i: number) => ({ ...auth(i), 'content-type': 'application/json' }),
      body: (i: number) => referral.replace('{', `{"nhsNumber":"${people[i % people.length]}",`),
    };
    // `guarded`: the same bare job behind the service's gate (token, rate limit, JSON body)
    const scenarios: { key: string; name: string; service: Target; bare: Target; alsoBare?: Target; guarded?: Target }[] = [
      {
        key: 'health',
        name: '`GET /health` (fixed cost of a request)',
        service: { base: service, method: 'GET', paths: ['/health'] },
        bare: { base: bareBase, method: 'GET', paths: ['/health'] },
      },
      {
        key: 'intake',
        name: '`POST /api/v1/referrals` (intake, known patient)',
        service: { base: service, paths: ['/api/v1/referrals'], ...intake },
        bare: { base: bareBase, method: 'POST', paths: people.map((n) => `/referrals/${n}`) },
        alsoBare: { base: bareBase, method: 'POST', paths: ['/one-insert'] },
        guarded: { base: bareBase, paths: ['/guarded/referrals'], ...intake },
      },
      {
        key: 'view',
        name: '`GET /api/v1/patients/{nhs}` (audited single view)',
        service: { base: service, method: 'GET', paths: people.map((n) => `/api/v1/patients/${n}`), headers: auth },
        bare: { base: bareBase, method: 'GET', paths: people.map((n) => `/patients/${n}`) },
        guarded: { base: bareBase, method: 'GET', paths: people.map((n) => `/guarded/patients/${n}`), headers: auth },
      },
      {
        key: 'caseload',
        name: `\`GET /api/v1/caseloads/{practice}?limit=50\` (first page, ${caseload.patients} patients, 50 audit rows)`,
        service: { base: service, method: 'GET', paths: [`/api/v1/caseloads/${caseload.ods}?limit=50`], headers: coordinator },
        bare: { base: bareBase, method: 'GET', paths: [`/caseloads/${caseload.ods}/${caseload.team}`] },
        guarded: { base: bareBase, method: 'GET', paths: [`/guarded/caseloads/${caseload.ods}`], headers: coordinator },
      },
    ];
    // the bare caseload must answer the same page, not an empty one (a team the practice does not know)
    const listed = await Promise.all([
      fetch(`${service}/api/v1/caseloads/${caseload.ods}?limit=50`, { headers: coordinator(0) }),
      fetch(`${bareBase}/caseloads/${caseload.ods}/${caseload.team}`),
      fetch(`${bareBase}/guarded/caseloads/${caseload.ods}`, { headers: coordinator(0) }),
    ].map(async (r) => ((await (await r).json()) as { items?: unknown[] }).items?.length ?? 0));
    if (listed.some((n) => n !== 50)) throw new Error(`the caseload pages listed ${listed.join(', ')} patients, not 50 each`);
    const only = process.argv.indexOf('--path');
    if (only > 0) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => s.key === process.argv[only + 1]));
    if (profiling) {
      const db = new Client({ connectionString: url });
      await db.connect();
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await db.end();
      for (const s of scenarios) await profile(s.name, s.service, services[0].pid as number, url, duration);
    }
    console.log(`\n${processes} service process(es), 10 connections, ${duration} s x ${rounds} rounds, medians\n`);
    console.log('| path | bare req/s | service req/s | service p50 / p99 ms | ratio | errors |');
    console.log('|---|---|---|---|---|---|');
    // Each round starts from a checkpoint: the bare intake writes ten times the service's rows, and
    // without it the service's next round paid for flushing them (p99 71-75 ms against 45 ms alone).
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const settled = async (t: Target) => {
      await admin.query('CHECKPOINT').catch(() => undefined);
      return measure(t, duration);
    };
    for (const s of profiling ? [] : scenarios) {
      const runs: { service: Result[]; bare: Result[]; also: Result[]; guarded: Result[] } = { service: [], bare: [], also: [], guarded: [] };
      // warm both up (JIT, prepared statements, caches) before anything is recorded
      for (const t of [s.bare, s.service, ...(s.guarded ? [s.guarded] : [])]) await measure(t, 3);
      for (let r = 0; r < rounds; r++) {
        runs.bare.push(await settled(s.bare));
        runs.service.push(await settled(s.service));
        if (s.alsoBare) runs.also.push(await settled(s.alsoBare));
        if (s.guarded) runs.guarded.push(await settled(s.guarded));
      }
      const sv = median(runs.service.map((x) => x.rps));
      const bv = median(runs.bare.map((x) => x.rps));
      const errors = [...runs.service, ...runs.bare, ...runs.guarded].reduce((n, x) => n + x.errors, 0);
      console.log(
        `| ${s.name} | ${bv.toFixed(0)} | ${sv.toFixed(0)} | ${median(runs.service.map((x) => x.p50))} / ${median(runs.service.map((x) => x.p99))} | **${(sv / bv).toFixed(2)}** | ${errors} |`,
      );
      if (runs.also.length) {
        const av = median(runs.also.map((x) => x.rps));
        console.log(`| … against one INSERT per request | ${av.toFixed(0)} | ${sv.toFixed(0)} | | ${(sv / av).toFixed(2)} | |`);
      }
      if (runs.guarded.length) {
        const gv = median(runs.guarded.map((x) => x.rps));
        console.log(`| … against the bare job behind the same gate (token, rate limit, body) | ${gv.toFixed(0)} | ${sv.toFixed(0)} | | ${(sv / gv).toFixed(2)} | |`);
      }
    }
    await admin.end();
    // stop the servers before their database goes away
    await stopAll([...services, bare]);
  }, pgFlags);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
