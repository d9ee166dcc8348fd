/**
 * `npm run build && node dist/bench/mdt.js [-- --patients 20000 --plans 600 --runs 20]`: seeds the
 * demo reference data into a scratch database (embedded, or DATABASE_URL), adds one practice's
 * registered population (test-range NHS numbers) with care plans (a third overdue review), boots
 * the service in-process and times `POST /mdt/meetings/{id}/agenda/generate` and
 * `GET .../agenda` over loopback, one request at a time. Also times the pure agenda builder over
 * a practice-sized candidate list. Numbers go to stdout; record them in docs/benchmarks.md.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { testRangeNhsNumbers } from '../src/common/validation/nhs-number';
import { loadConfig } from '../src/config/config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { type AgendaCandidate, buildAgenda } from '../src/modules/mdt/domain/agenda';
import { Clock } from '../src/common/clock';
import { seedDatabase } from '../src/seed/seed';
import { freePort } from '../scripts/free-ports';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1].toFixed(1)} ms (${s.length} runs)`;
}

async function main(): Promise<void> {
  const patients = arg('patients', 20_000);
  const plans = arg('plans', 600);
  const runs = arg('runs', 20);
  const secret = 'bench-secret-long-enough-for-hs256-signing';
  const config = loadConfig({ ...process.env, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' });
  const dir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'cc-bench-mdt-'));
  const embedded = dir ? await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), persistent: false }) : undefined;
  const url = config.databaseUrl ?? (embedded?.url as string);
  try {
    await runMigrations(url);
    await seedDatabase(url, { population: 20_000 });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { bodyParser: false, logger: false });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const base = `${await app.getUrl()}/api/v1`;
    const db = app.get(DataSource);
    const now = new Date('2026-11-23T09:00:00Z');
    app.get(Clock).now = () => now;

    const [{ practice_ods: practice, team_code: team }] = await db.query('SELECT practice_ods, team_code FROM team_practices ORDER BY practice_ods LIMIT 1');
    const gen = testRangeNhsNumbers(999_600_000);
    const numbers = Array.from({ length: patients }, () => gen.next().value as string);
    let t = Date.now();
    await db.query(
      `INSERT INTO patients (nhs_number, nhs_number_status, given_name, family_name, date_of_birth, gp_practice_ods, version)
       SELECT n, '01', 'Bench', 'Patient' || i, DATE '1940-01-01' + (i % 20000)::int, $2, 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)`,
      [numbers, practice],
    );
    await db.query(
      `INSERT INTO care_plan_versions (patient_id, version, sections, review_due_at, created_by)
       SELECT id, 1, '{}', CASE WHEN row_number() OVER (ORDER BY nhs_number) % 3 = 0 THEN $2::timestamptz - interval '10 days' ELSE $2::timestamptz + interval '90 days' END, 'bench'
         FROM patients WHERE gp_practice_ods = $1 ORDER BY nhs_number LIMIT $3`,
      [practice, now, plans],
    );
    await db.query('ANALYZE');
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM patients WHERE gp_practice_ods = $1', [practice]);
    console.log(`practice ${practice}: ${n} registered patients, ${plans} care plans (a third overdue); data in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const token = await new SignJWT({ roles: ['care_coordinator'], teams: [team] }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const meetings: string[] = [];
    for (let i = 0; i < runs; i++) {
      const res = await fetch(`${base}/mdt/meetings`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ practiceOds: practice, teamCode: team, start: new Date(now.getTime() + (i + 1) * 7 * 86_400_000).toISOString(), durationMinutes: 90, minutesPerPatient: 10, coreRoles: ['gp'] }),
      });
      if (res.status !== 201) throw new Error(`create meeting: ${res.status} ${await res.text()}`);
      meetings.push(((await res.json()) as { id: string }).id);
    }
    const genMs: number[] = [];
    const readMs: number[] = [];
    let sizes = '';
    for (const id of meetings) {
      t = performance.now();
      const res = await fetch(`${base}/mdt/meetings/${id}/agenda/generate`, { method: 'POST', headers });
      const body = (await res.json()) as { items: unknown[]; overflow: unknown[] };
      genMs.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`generate: ${res.status}`);
      sizes = `${body.items.length} items, ${body.overflow.length} overflow`;
      t = performance.now();
      await (await fetch(`${base}/mdt/meetings/${id}/agenda`, { headers })).json();
      readMs.push(performance.now() - t);
    }
    console.log(`POST agenda/generate (${sizes}; sources: care plans overdue review): ${summary(genMs)}`);
    console.log(`GET agenda: ${summary(readMs)}`);

    const candidates: AgendaCandidate[] = numbers.map((nhs, i) => ({
      patientId: `p${i}`,
      nhsNumber: nhs,
      reason: (['admitted_or_discharged', 'episode_awaiting_assessment_or_agreement', 'twelve_week_review_due', 'care_plan_overdue_review', 'high_risk_not_enrolled'] as const)[i % 5],
      priority: (i * 7919) % 1000,
    }));
    const pure: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      buildAgenda({ candidates, rolledOver: [], manual: [], removed: [], durationMinutes: 90, minutesPerPatient: 10 });
      pure.push(performance.now() - t);
    }
    console.log(`buildAgenda over ${candidates.length} candidates (pure): ${summary(pure)}`);
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
