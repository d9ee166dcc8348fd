/**
 * `npm run bench:audit [-- --rows 12000000 --population 20000 --requests 200 --duration 8]`: the
 * audit trail at county volume (issue 18). A county of ~2,000 staff writes on the order of 100
 * million audit rows a year; `audit_events` is partitioned by month (docs/scaling.md).
 *
 * Seeds `--population` patients into a scratch database (embedded, or DATABASE_URL) and starts the
 * built service as its own process. Measures an audited write path (the single view: one audit row
 * per request) and the auditor's queries (`GET /audit-events` by NHS number, by actor, by a month,
 * newest), one request at a time (p50/p95) and with 10 connections (req/s), on an empty trail.
 * Then loads a year of audit rows set-based (`--rows`, spread over the twelve months before now,
 * 2,000 staff, every numbered patient), one statement per month, and measures the same again.
 * "Flat" means the second table matches the first. Never part of `npm test`; record what it
 * prints in docs/benchmarks.md.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { seedDatabase } from '../src/seed/seed';
import { BULK_PG_FLAGS, JOBS_OFF, type Target, arg, benchConfig, measure, sequential, startService, stopAll, timed, users, withScratchDatabase } from './support';

const SERVICE_PORT = 47_400;
const STAFF = 2_000;
const NOW = new Date();

/** One month's share of the year's rows, as one statement: spread over the month, the staff and the numbered patients. */
const LOAD_MONTH = `
  WITH p AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(nhs_number ORDER BY id) AS nhs, count(*)::int AS n FROM patients WHERE nhs_number IS NOT NULL),
  g AS (SELECT (1 + floor(random() * p.n))::int AS k, floor(random() * ${STAFF})::int AS staff, $1::timestamptz + random() * ($2::timestamptz - $1::timestamptz) AS at
        FROM p, generate_series(1, $3::int))
  INSERT INTO audit_events (at, actor_sub, actor_name, actor_roles, actor_org, actor_teams, action, nhs_number, patient_id, resource_type, resource_id, outcome)
  SELECT g.at, 'staff-' || g.staff, NULL, ARRAY['care_coordinator'], 'ZKCHT', ARRAY['SKC-DN-DOVER'],
         (ARRAY['patient.read', 'referral.read', 'caseload.read', 'care_plan.read'])[1 + g.k % 4], p.nhs[g.k], p.ids[g.k], 'patient', p.ids[g.k]::text, 'allowed'
  FROM g, p
  ORDER BY g.at`; // ids follow time, as they do when the service writes them

function monthsBack(n: number): { from: Date; to: Date }[] {
  const months: { from: Date; to: Date }[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const from = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - i - 1, NOW.getUTCDate()));
    const to = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - i, NOW.getUTCDate()));
    months.push({ from, to: to > NOW ? NOW : to });
  }
  return months;
}

async function main(): Promise<void> {
  const rows = arg('rows', 12_000_000);
  const population = arg('population', 20_000);
  const requests = arg('requests', 200);
  const duration = arg('duration', 8);
  await withScratchDatabase(
    benchConfig(),
    async (url) => {
      console.log(`## The audit trail at county volume: ${rows.toLocaleString('en-GB')} rows over a year\n`);
      await timed('seed', () => seedDatabase(url, { population }), (s) => `${s.patients} patients`);
      const pg = new Client({ connectionString: url });
      pg.on('error', (e) => console.error(`database connection: ${e.message}`));
      await pg.connect();
      // the months of the year behind us (the service creates months ahead; these are history)
      const year = monthsBack(12);
      await pg.query('SELECT audit_events_ensure_partitions($1::date, $2::date)', [year[0].from, NOW]);
      const nhsNumbers: string[] = (await pg.query('SELECT nhs_number FROM patients WHERE nhs_number IS NOT NULL ORDER BY random() LIMIT 1000')).rows.map((r) => r.nhs_number);
      const someone = nhsNumbers[0];
      const midYear = year[5];
      // a calendar month wholly inside the loaded year: the auditor's usual question ("March")
      const calendar = { from: new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - 6, 1)), to: new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - 5, 1)) };

      const service = await startService(url, SERVICE_PORT, JOBS_OFF);
      try {
        const base = `http://127.0.0.1:${SERVICE_PORT}`;
        const navigator = await users('nav', { roles: ['care_navigator'], teams: ['SKC-SPOA'], org: 'RYY' });
        const auditor = await users('aud', { roles: ['auditor'], teams: [], org: 'ZKCHT' });
        const q = (query: string) => `/api/v1/audit-events?${query}`;
        const paths: { name: string; t: Target }[] = [
          { name: 'write: `GET /patients/{nhs}` (single view, one audit row)', t: { base, method: 'GET', paths: nhsNumbers.map((n) => `/api/v1/patients/${n}`), headers: navigator } },
          { name: 'auditor: one patient (`?nhsNumber=`)', t: { base, method: 'GET', paths: [q(`nhsNumber=${someone}`)], headers: auditor } },
          { name: 'auditor: one member of staff (`?actor=`)', t: { base, method: 'GET', paths: [q('actor=staff-17')], headers: auditor } },
          {
            name: 'auditor: a calendar month (`?from=&to=`)',
            t: { base, method: 'GET', paths: [q(`from=${calendar.from.toISOString()}&to=${calendar.to.toISOString()}`)], headers: auditor },
          },
          {
            name: 'auditor: a month ending mid-month',
            t: { base, method: 'GET', paths: [q(`from=${midYear.from.toISOString()}&to=${midYear.to.toISOString()}`)], headers: auditor },
          },
          {
            name: 'auditor: one patient in a month',
            t: { base, method: 'GET', paths: [q(`nhsNumber=${someone}&from=${midYear.from.toISOString()}&to=${midYear.to.toISOString()}`)], headers: auditor },
          },
          { name: 'auditor: newest (no filter)', t: { base, method: 'GET', paths: [q('limit=50')], headers: auditor } },
        ];

        const run = async (label: string): Promise<Map<string, string>> => {
          const [{ n }] = (await pg.query('SELECT count(*)::bigint AS n FROM audit_events')).rows;
          console.log(`\n### ${label}: ${Number(n).toLocaleString('en-GB')} audit rows`);
          const cells = new Map<string, string>();
          for (const { name, t } of paths) {
            await sequential(t, 20, 0); // warm up: the JIT, connections, prepared statements
            const seq = await sequential(t, requests, duration);
            const par = await measure(t, duration, 10);
            const failures = seq.non2xx + par.errors;
            if (seq.firstFailure) console.log(`  ${name}: ${failures} non-2xx, first: ${seq.firstFailure}`);
            const cell = `${seq.p50.toFixed(1)} / ${seq.p95.toFixed(1)} ms, ${par.rps.toFixed(0)} req/s${failures ? ` (${failures} non-2xx)` : ''}`;
            console.log(`  ${name}: ${cell}`);
            cells.set(name, cell);
          }
          return cells;
        };

        const empty = await run('empty trail');
        await timed(
          `a year of audit rows, set-based, one statement per month`,
          async () => {
            for (const m of year) {
              const t = Date.now();
              await pg.query(LOAD_MONTH, [m.from, m.to, Math.round(rows / year.length)]);
              console.log(`  ${m.from.toISOString().slice(0, 10)}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
            }
          },
          () => `${Math.round(rows / year.length) * year.length} rows`,
        );
        await timed('VACUUM ANALYZE audit_events', () => pg.query('VACUUM ANALYZE audit_events'));
        const [{ size, parts }] = (
          await pg.query(
            `SELECT pg_size_pretty(sum(pg_total_relation_size(i.inhrelid))) AS size, count(*)::int AS parts
               FROM pg_inherits i WHERE i.inhparent = 'audit_events'::regclass`,
          )
        ).rows;
        console.log(`audit_events: ${size} in ${parts} partitions`);
        const loaded = await run('a year loaded');

        console.log(`\n${population.toLocaleString('en-GB')} patients; sequential p50 / p95, then 10 connections (${duration} s)\n`);
        console.log(`| path | empty trail | ${rows.toLocaleString('en-GB')} rows over a year (${size}) |`);
        console.log('|---|---|---|');
        for (const { name } of paths) console.log(`| ${name} | ${empty.get(name)} | ${loaded.get(name)} |`);
      } finally {
        await stopAll([service]);
        await pg.end();
      }
    },
    BULK_PG_FLAGS,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
