/**
 * `npm run bench:caseloads [-- --population 200000 --duration 10]`: seeds a population into a
 * scratch database (embedded, or DATABASE_URL), makes one practice of 20,000 patients and one of
 * 50,000, writes 5 score runs for every patient, boots the service in-process and measures:
 * - a 50,000-row CSV import over HTTP (time, rows/s, the process's peak RSS growth) and its replay;
 * - caseload pages (first page, a tier filter, a deep page by cursor) and who-next for the
 *   20,000-patient practice, with autocannon over loopback.
 * Numbers go to stdout; record them in docs/benchmarks.md. Never run in `npm test`.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { seedDatabase } from '../src/seed/seed';
import { seedRiskScores } from './activity';
import { arg, benchConfig, load, sign, startApp, withScratchDatabase } from './support';

const CASELOAD_PRACTICE = 'Z99001';
const IMPORT_PRACTICE = 'Z99002';

async function main(): Promise<void> {
  const population = arg('population', 200_000);
  const duration = arg('duration', 10);
  const config = benchConfig();
  await withScratchDatabase(config, async (url) => {
    let t = Date.now();
    const seeded = await seedDatabase(url, { population });
    console.log(`seed: ${seeded.patients} patients in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const pg = new Client({ connectionString: url });
    await pg.connect();
    t = Date.now();
    // One practice of 20,000 (the caseload) and one of 50,000 (the import), taken from the others.
    await pg.query(
      `UPDATE patients SET gp_practice_ods = $1 WHERE id IN (SELECT id FROM patients WHERE gp_practice_ods NOT IN ($1, $2) ORDER BY id LIMIT 20000 - (SELECT count(*) FROM patients WHERE gp_practice_ods = $1))`,
      [CASELOAD_PRACTICE, IMPORT_PRACTICE],
    );
    await pg.query(
      `UPDATE patients SET gp_practice_ods = $2 WHERE id IN (SELECT id FROM patients WHERE gp_practice_ods NOT IN ($1, $2) ORDER BY id LIMIT 50000 - (SELECT count(*) FROM patients WHERE gp_practice_ods = $2))`,
      [CASELOAD_PRACTICE, IMPORT_PRACTICE],
    );
    // Five monthly runs of one tool for every patient, the latest kept in risk_latest.
    const { scores } = await seedRiskScores(pg, 5);
    console.log(`score runs: ${scores} scores (5 runs) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const aligned = (await pg.query('SELECT team_code FROM team_practices WHERE practice_ods = $1', [CASELOAD_PRACTICE])).rows.map((r) => r.team_code);
    const importNhs = (await pg.query('SELECT nhs_number FROM patients WHERE gp_practice_ods = $1 ORDER BY nhs_number', [IMPORT_PRACTICE])).rows.map((r) => r.nhs_number as string);
    await pg.end();

    const { app, base } = await startApp(config, url);

    // ---- import: 50,000 CSV rows (a few deliberately bad) for the 50,000-patient practice
    const lines = ['nhs_number,score,emergency_admissions_12m,efi'];
    importNhs.forEach((n, i) => {
      lines.push(`${i % 5000 === 0 ? '9990000019' : n},${(i % 1000) / 10},${i % 4},${((i % 50) / 100).toFixed(2)}`);
    });
    const csv = `${lines.join('\n')}\n`;
    const gpToken = await sign({ roles: ['gp'], org: IMPORT_PRACTICE, teams: [] });
    const importUrl = `${base}/api/v1/risk-scores/imports?practiceOds=${IMPORT_PRACTICE}&model=bench-tool&computedAt=2026-11-15T00:00:00Z`;
    let peak = process.memoryUsage().rss;
    const before = peak;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    t = Date.now();
    const res = await fetch(importUrl, { method: 'POST', headers: { authorization: `Bearer ${gpToken}`, 'content-type': 'text/csv' }, body: csv });
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    const ms = Date.now() - t;
    clearInterval(sampler);
    console.log(
      `CSV import ${importNhs.length} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB): HTTP ${res.status}, ${body.accepted} accepted, ${body.rejected.length} rejected in ${(ms / 1000).toFixed(1)} s = ${Math.round((importNhs.length / ms) * 1000)} rows/s; peak RSS +${Math.round((peak - before) / 1024 / 1024)} MB`,
    );
    t = Date.now();
    const replay = await fetch(importUrl, { method: 'POST', headers: { authorization: `Bearer ${gpToken}`, 'content-type': 'text/csv' }, body: csv });
    await replay.arrayBuffer();
    console.log(`CSV import replayed (no-op): HTTP ${replay.status} in ${Date.now() - t} ms`);

    // ---- caseload latency for the 20,000-patient practice
    const token = await sign({ roles: ['care_coordinator'], teams: aligned, org: 'ZKCHT' });
    const first = await fetch(`${base}/api/v1/caseloads/${CASELOAD_PRACTICE}?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    let cursor = ((await first.json()) as { nextCursor: string }).nextCursor;
    for (let i = 0; i < 100; i++) {
      const page = await fetch(`${base}/api/v1/caseloads/${CASELOAD_PRACTICE}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      cursor = ((await page.json()) as { nextCursor: string }).nextCursor;
    }
    await load(`GET /caseloads/{20,000-patient practice}?limit=50 (first page)`, base, token, [`/api/v1/caseloads/${CASELOAD_PRACTICE}?limit=50`], duration);
    await load(`GET /caseloads/{practice}?tier=4&limit=50`, base, token, [`/api/v1/caseloads/${CASELOAD_PRACTICE}?tier=4&limit=50`], duration);
    await load(`GET /caseloads/{practice}?limit=50&cursor=<10,050 rows deep>`, base, token, [`/api/v1/caseloads/${CASELOAD_PRACTICE}?limit=50&cursor=${cursor}`], duration);
    await load(`GET /proactive-care/next?practice={practice}&limit=20`, base, token, [`/api/v1/proactive-care/next?practice=${CASELOAD_PRACTICE}&limit=20`], duration);
    await app.close();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
