/**
 * `npm run bench:county [-- --population 1500000 --requests 200 --duration 10 --score-runs 1]`:
 * Kent scale (issue 18). Loads a county into a scratch database (embedded, or DATABASE_URL), each
 * step timed: the seeded population (all ~909,000 test-range NHS numbers, the rest untraced), risk
 * scores for every patient with an NHS number, a year of activity scaled to the population, the
 * discharge workspace and its midnight snapshots for the year. Prints the database's size and its
 * biggest tables, starts the built service as its own process (as compare.ts does: background jobs
 * off, so only the requests are measured) and, for each path, measures one request at a time
 * (p50/p95 over `--requests` requests or `--duration` seconds, whichever ends first) and 10
 * connections with autocannon (`--duration` seconds: req/s, p50/p99). Every answer must be 2xx:
 * the table counts the others. Ten users per role, as one user's requests share a rate-limit row.
 * `--hold <seconds>` keeps the database afterwards (its URL printed) to EXPLAIN by hand.
 * Never part of `npm test`; record what it prints in docs/benchmarks.md.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DischargeSnapshotService } from '../src/modules/admissions/discharge/discharge-snapshot.service';
import { seedDatabase } from '../src/seed/seed';
import { NOW, YEAR_AGO, seedDischarge, seedRiskScores, seedYear, yearFor } from './activity';
import { freePort } from '../scripts/free-ports';
import { BULK_PG_FLAGS, JOBS_OFF, type Target, arg, benchConfig, measure, sequential, startApp, startService, stopAll, timed, users, withScratchDatabase } from './support';

const CASELOAD_SIZE = 20_000;
const MEETINGS = 20;

async function main(): Promise<void> {
  const population = arg('population', 1_500_000);
  const requests = arg('requests', 200);
  const duration = arg('duration', 10);
  const scoreRuns = arg('score-runs', 1);
  const hold = arg('hold', 0);
  // the in-process app only takes the year's midnight snapshots; the measured service is a child process
  const config = benchConfig({ DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS: '366' });
  const began = Date.now();
  await withScratchDatabase(
    config,
    async (url) => {
      console.log(`## Kent scale: ${population.toLocaleString('en-GB')} patients\n`);
      const seeded = await timed('seed (patients)', () => seedDatabase(url, { population }), (s) => `${s.patients} patients`);
      const pg = new Client({ connectionString: url });
      // a lost connection fails the step in hand (and the scratch database is still removed) rather than the process
      pg.on('error', (e) => console.error(`database connection: ${e.message}`));
      await pg.connect();
      const [pop] = (await pg.query('SELECT count(*)::int AS patients, count(nhs_number)::int AS traced FROM patients')).rows;
      console.log(`  ${pop.patients} patients: ${pop.traced} with a test-range NHS number, ${pop.patients - pop.traced} untraced`);
      await timed(`risk scores (${scoreRuns} run(s), set-based)`, () => seedRiskScores(pg, scoreRuns), (c) => `${c.scores} scores, ${c.latest} latest`);
      const sizes = yearFor(population);
      await timed(`a year of activity ${JSON.stringify(sizes)}`, () => seedYear(pg, sizes), (c) => JSON.stringify(c));
      await timed('discharge workspace', () => seedDischarge(pg));
      await timed(
        'midnight discharge snapshots of the year',
        async () => {
          const { app } = await startApp(config, url);
          try {
            return await app.get(DischargeSnapshotService).catchUp(NOW);
          } finally {
            await app.close();
          }
        },
        (s) => `${s.days} days, ${s.delayed} delayed-patient rows`,
      );
      // Bulk-loaded tables have no visibility map until vacuumed: a live database's would.
      await timed('VACUUM ANALYZE', () => pg.query('VACUUM ANALYZE'));
      console.log(`load total: ${((Date.now() - began) / 1000).toFixed(0)} s`);
      const [{ outside }] = (await pg.query('SELECT count(*)::int AS outside FROM audit_events_default')).rows;
      console.log(`audit rows outside a month's partition (audit_events_default): ${outside}`);

      const [{ size }] = (await pg.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS size')).rows;
      console.log(`\ndatabase size: ${size}; biggest tables (with indexes and TOAST; partitions summed into their table):`);
      const tables = await pg.query(
        `SELECT coalesce(parent.relname, c.relname) AS name, pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size,
                pg_size_pretty(sum(pg_indexes_size(c.oid))) AS indexes, sum(c.reltuples)::bigint AS rows
           FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
           LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class parent ON parent.oid = i.inhparent
          WHERE ns.nspname = 'public' AND c.relkind = 'r'
          GROUP BY 1 ORDER BY sum(pg_total_relation_size(c.oid)) DESC LIMIT 10`,
      );
      for (const t of tables.rows) console.log(`  ${t.name}: ${t.size} (indexes ${t.indexes}), ~${Number(t.rows).toLocaleString('en-GB')} rows`);

      // The practice nearest 20,000 registered patients (the seed spreads everyone over 31 practices).
      const [practice] = (
        await pg.query(
          `SELECT gp_practice_ods AS ods, count(*)::int AS registered, (SELECT count(*) FROM risk_latest r WHERE r.practice_ods = gp_practice_ods)::int AS scored
             FROM patients WHERE gp_practice_ods IS NOT NULL GROUP BY 1 ORDER BY abs(count(*) - $1), count(*) DESC LIMIT 1`,
          [CASELOAD_SIZE],
        )
      ).rows;
      const aligned: string[] = (await pg.query('SELECT team_code FROM team_practices WHERE practice_ods = $1 ORDER BY team_code', [practice.ods])).rows.map((r) => r.team_code);
      console.log(`\ncaseload practice ${practice.ods}: ${practice.registered} registered, ${practice.scored} in its caseload (scored, with an NHS number); team(s) ${aligned.join(', ')}`);
      const nhsNumbers: string[] = (await pg.query('SELECT nhs_number FROM patients WHERE nhs_number IS NOT NULL ORDER BY random() LIMIT 1000')).rows.map((r) => r.nhs_number);
      const searches: string[] = (
        await pg.query(`SELECT family_name || ' ' || to_char(date_of_birth, 'YYYY-MM-DD') AS q FROM patients WHERE nhs_number IS NOT NULL ORDER BY random() LIMIT 1000`)
      ).rows.map((r) => r.q);
      await pg.end();

      // a free port below the ephemeral range (a fixed one could be taken by an outgoing connection)
      const servicePort = await freePort();
      const service = await startService(url, servicePort, JOBS_OFF);
      try {
        const base = `http://127.0.0.1:${servicePort}`;
        const navigator = await users('nav', { roles: ['care_navigator'], teams: ['SKC-SPOA'], org: 'RYY' });
        const coordinator = await users('cc', { roles: ['care_coordinator'], teams: aligned, org: 'ZKCHT' });
        const commissioner = await users('comm', { roles: ['commissioner'], teams: [], org: 'ZSKCCG' });
        const idt = await users('idt', { roles: ['discharge_coordinator'], teams: ['SKC-IDT'], org: 'ZEKHT' });

        const meetings: string[] = [];
        for (let i = 0; i < MEETINGS; i++) {
          const res = await fetch(`${base}/api/v1/mdt/meetings`, {
            method: 'POST',
            headers: { ...coordinator(i), 'content-type': 'application/json' },
            body: JSON.stringify({
              practiceOds: practice.ods,
              teamCode: aligned[0],
              start: new Date(NOW.getTime() + (i + 1) * 7 * 86_400_000).toISOString(),
              durationMinutes: 90,
              minutesPerPatient: 10,
              coreRoles: ['gp'],
            }),
          });
          if (res.status !== 201) throw new Error(`create meeting: HTTP ${res.status} ${await res.text()}`);
          meetings.push(((await res.json()) as { id: string }).id);
        }

        const year = `from=${YEAR_AGO.toISOString()}&to=${NOW.toISOString()}`;
        const paths: { name: string; t: Target }[] = [
          { name: '`GET /patients/{nhs}` (single view, audited)', t: { base, method: 'GET', paths: nhsNumbers.map((n) => `/api/v1/patients/${n}`), headers: navigator } },
          {
            name: '`GET /patients?search=<family name> <DOB>`',
            t: { base, method: 'GET', paths: searches.map((q) => `/api/v1/patients?search=${encodeURIComponent(q)}`), headers: navigator },
          },
          {
            name: `\`GET /caseloads/{practice}?limit=50\` (first page, ${practice.scored} scored)`,
            t: { base, method: 'GET', paths: [`/api/v1/caseloads/${practice.ods}?limit=50`], headers: coordinator },
          },
          { name: '`GET /proactive-care/next?practice=&limit=20` (who next)', t: { base, method: 'GET', paths: [`/api/v1/proactive-care/next?practice=${practice.ods}&limit=20`], headers: coordinator } },
          {
            name: `\`POST /mdt/meetings/{id}/agenda/generate\` (${MEETINGS} meetings in turn)`,
            t: { base, method: 'POST', paths: meetings.map((id) => `/api/v1/mdt/meetings/${id}/agenda/generate`), headers: coordinator },
          },
          { name: '`GET /discharge/board?hospital=ZEKHT` (first page, audited)', t: { base, method: 'GET', paths: ['/api/v1/discharge/board?hospital=ZEKHT'], headers: idt } },
          // last: ten at once queue for seconds, and the service is still working through them when autocannon stops
          { name: '`GET /metrics` (a year, the whole CCG)', t: { base, method: 'GET', paths: [`/api/v1/metrics?${year}`], headers: commissioner } },
        ];

        const rows: string[] = [];
        for (const { name, t } of paths) {
          await sequential(t, 3, 0); // warm up: connections, prepared statements, caches
          const seq = await sequential(t, requests, duration);
          if (seq.firstFailure) console.log(`  ${name}: ${seq.non2xx} non-2xx, first: ${seq.firstFailure}`);
          const par = await measure(t, duration, 10);
          const row = `| ${name} | ${seq.bytes} | ${seq.p50.toFixed(1)} / ${seq.p95.toFixed(1)} (${seq.n}) | ${par.rps.toFixed(0)} | ${par.p50} / ${par.p99} | ${seq.non2xx + par.errors} |`;
          console.log(`  measured ${row}`);
          rows.push(row);
        }
        console.log(`\n${population.toLocaleString('en-GB')} patients, one service process, sequential then 10 connections (${duration} s)\n`);
        console.log('| path | answer bytes | sequential p50 / p95 ms (requests) | 10 connections req/s | p50 / p99 ms | non-2xx |');
        console.log('|---|---|---|---|---|---|');
        for (const row of rows) console.log(row);
      } finally {
        await stopAll([service]);
      }
      console.log(`\ntotal: ${((Date.now() - began) / 1000).toFixed(0)} s; seeded ${seeded.patients} patients`);
      if (hold > 0) {
        // keeps the loaded database for EXPLAIN by hand; `kill -USR2 <pid>` ends the wait early
        console.log(`holding the database for ${hold} s (pid ${process.pid}): ${url}`);
        await new Promise((done) => {
          const timer = setTimeout(done, hold * 1000);
          process.once('SIGUSR2', () => {
            clearTimeout(timer);
            done(undefined);
          });
        });
      }
    },
    BULK_PG_FLAGS,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
