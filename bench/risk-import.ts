/**
 * `npm run bench:risk-import [-- --population 1000000 --rows 1500000]`: a county-sized risk CSV
 * streamed into the service over HTTP, with the service in its own process so its memory is
 * measured alone.
 *
 * Seeds `--population` patients into a scratch database (embedded, or DATABASE_URL): the seeder
 * uses every valid test-range NHS number (~909,000) and makes the rest untraced patients, who have
 * no number and so can be in no risk file. Every numbered patient is registered at one practice
 * (the file is the county's extract under one practice code: one HTTP import, the worst case for a
 * single transaction) and has one earlier score, so the import moves every latest score forward.
 *
 * The file has one row per numbered patient (all stored and audited) and, when `--rows` asks for
 * more, rows that repeat earlier numbers (DUPLICATE_ROW: read, checked, staged and de-duplicated,
 * not stored): the test range holds no more real numbers, and no practice's file would hold more
 * patients than it has. The stored rows are the honest figure for storage; the total for reading.
 *
 * Prints rows/s, wall time and the service process's peak RSS (VmHWM from /proc) against its
 * RSS before the import, the service's CPU time and PostgreSQL's top statements by time (with
 * `--explain`, their plans with per-node timings from auto_explain); then the replay (same file:
 * 200, nothing stored). Never run in `npm test`.
 */
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { seedDatabase } from '../src/seed/seed';
import { BENCH_SECRET, BULK_PG_FLAGS, arg, benchConfig, cpuSeconds, sign, statementCosts, withScratchDatabase } from './support';
import { freePort } from '../scripts/free-ports';

const PRACTICE = 'Z99002';

async function procStatus(pid: number): Promise<{ rss: number; hwm: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function startService(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '../src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '1000000',
      MIGRATIONS_RUN: 'false',
      SEED_ON_FIRST_START: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  for (let i = 0; i < 600 && !out.includes('Listening on'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!out.includes('Listening on')) throw new Error(`the service did not start: ${out.slice(-500)}`);
  return child;
}

function post(url: string, token: string, file: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': size } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

async function main(): Promise<void> {
  const population = arg('population', 1_000_000);
  const config = benchConfig();
  const dir = await mkdtemp(join(tmpdir(), 'cc-risk-'));
  try {
    // a server sized for the data, as bench:county's; pg_stat_statements splits the import's time by statement
    // and with --explain, auto_explain logs the import's slow statements with per-node timings
    // (to the embedded server's log, collected here and printed after the statements)
    const explain = process.argv.includes('--explain');
    let serverLog = '';
    const explainFlags = ['-c', 'auto_explain.log_min_duration=5s', '-c', 'auto_explain.log_analyze=on', '-c', 'auto_explain.log_buffers=on', '-c', 'auto_explain.log_triggers=on'];
    const pgFlags = [...BULK_PG_FLAGS, '-c', `shared_preload_libraries=pg_stat_statements${explain ? ',auto_explain' : ''}`, ...(explain ? explainFlags : [])];
    const onLog = (line: string) => {
      if (explain) serverLog += `${line}\n`;
    };
    await withScratchDatabase(config, async (url) => {
      let t = Date.now();
      const seeded = await seedDatabase(url, { population });
      console.log(`seed: ${seeded.patients} patients in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const pg = new Client({ connectionString: url });
      await pg.connect();
      t = Date.now();
      await pg.query('UPDATE patients SET gp_practice_ods = $1 WHERE nhs_number IS NOT NULL', [PRACTICE]);
      await pg.query(
        `INSERT INTO risk_scores (patient_id, practice_ods, model, computed_at, score, created_by)
         SELECT id, gp_practice_ods, 'bench-tool', timestamptz '2026-10-01T00:00:00Z', round((random() * 100)::numeric, 1), 'bench' FROM patients WHERE nhs_number IS NOT NULL`,
      );
      await pg.query(
        `INSERT INTO risk_latest (patient_id, practice_ods, nhs_number, score_id, score, model, computed_at)
         SELECT s.patient_id, s.practice_ods, p.nhs_number, s.id, s.score, s.model, s.computed_at FROM risk_scores s JOIN patients p ON p.id = s.patient_id`,
      );
      await pg.query('VACUUM ANALYZE');
      const { rows } = await pg.query<{ nhs_number: string }>('SELECT nhs_number FROM patients WHERE nhs_number IS NOT NULL ORDER BY id');
      const numbers = rows.map((r) => r.nhs_number);
      console.log(`practice ${PRACTICE}: ${numbers.length} numbered patients, one earlier score each, in ${((Date.now() - t) / 1000).toFixed(1)} s`);

      const total = arg('rows', numbers.length);
      const file = join(dir, 'risk.csv');
      const out = createWriteStream(file);
      out.write('nhs_number,score,emergency_admissions_12m,efi\n');
      for (let i = 0; i < total; i++) {
        const line = `${numbers[i % numbers.length]},${(i % 1000) / 10},${i % 4},${((i % 50) / 100).toFixed(2)}\n`;
        if (!out.write(line)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      const size = (await stat(file)).size;
      numbers.length = 0;
      const stored = Math.min(total, rows.length);
      console.log(`file: ${total} rows (${stored} patients, ${total - stored} repeated numbers), ${(size / 1024 / 1024).toFixed(1)} MB`);

      await pg.query('CHECKPOINT');
      const port = await freePort();
      const service = await startService(url, port);
      try {
        const pid = service.pid as number;
        const token = await sign({ roles: ['gp'], org: PRACTICE, teams: [] });
        const importUrl = `http://127.0.0.1:${port}/api/v1/risk-scores/imports?practiceOds=${PRACTICE}&model=bench-tool&computedAt=2026-11-15T00:00:00Z`;
        // warm the route (and its code paths) with a one-row import for another run date
        await post(importUrl.replace('2026-11-15', '2026-11-14'), token, await oneRow(dir, rows[0].nhs_number), 60);
        const before = await procStatus(pid);
        let peakSampled = before.rss;
        const sampler = setInterval(() => {
          procStatus(pid)
            .then((s) => {
              peakSampled = Math.max(peakSampled, s.rss);
            })
            .catch(() => undefined);
        }, 100);
        await pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
        await pg.query('SELECT pg_stat_statements_reset()');
        const cpuBefore = cpuSeconds(pid);
        t = Date.now();
        const res = await post(importUrl, token, file, size);
        const ms = Date.now() - t;
        const cpu = (cpuSeconds(pid)) - cpuBefore;
        clearInterval(sampler);
        const after = await procStatus(pid);
        const body = JSON.parse(res.body) as { accepted: number; rejectedCount: number };
        const mb = (b: number) => Math.round(b / 1024 / 1024);
        console.log(
          `CSV import ${total} rows (${(size / 1024 / 1024).toFixed(1)} MB): HTTP ${res.status}, ${body.accepted} accepted, ${body.rejectedCount} rejected in ${(ms / 1000).toFixed(1)} s = ${Math.round((total / ms) * 1000)} rows/s (${Math.round((body.accepted / ms) * 1000)} stored rows/s)`,
        );
        console.log(`service RSS: ${mb(before.rss)} MB before, peak ${mb(Math.max(peakSampled, after.hwm))} MB (VmHWM ${mb(after.hwm)} MB, since start), ${mb(after.rss)} MB after`);
        const [{ scores, audited }] = (
          await pg.query(
            `SELECT (SELECT count(*) FROM risk_scores WHERE computed_at = '2026-11-15T00:00:00Z')::int AS scores,
                    (SELECT count(*) FROM audit_events WHERE action = 'risk_score.import')::int AS audited`,
          )
        ).rows;
        console.log(`stored: ${scores} scores for the run, ${audited} audit events for imports`);
        console.log(`service CPU during the import: ${cpu.toFixed(1)} s (reading, checking and staging the file); PostgreSQL's statements:`);
        for (const r of (await statementCosts(pg)).slice(0, 5)) console.log(`  ${((r.plan + r.exec) / 1000).toFixed(1)} s (${r.calls} calls): ${r.query.slice(0, 90)}`);
        if (explain) console.log(`\nauto_explain:\n${serverLog.slice(serverLog.indexOf('duration:'))}`);
        t = Date.now();
        const replay = await post(importUrl, token, file, size);
        console.log(`CSV import replayed (no-op): HTTP ${replay.status} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      } finally {
        service.kill('SIGTERM');
        await once(service, 'exit');
        await pg.end();
      }
    }, pgFlags, onLog);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function oneRow(dir: string, nhs: string): Promise<string> {
  const file = join(dir, 'one.csv');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, `nhs_number,score\n${nhs},1.5\n`.padEnd(60, '\n'));
  return file;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
