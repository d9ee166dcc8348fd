import { EntityManager } from 'typeorm';
import { AdmissionMeasuresRepository } from '../../src/modules/admissions/admission-measures.repository';
import { DischargeMeasuresRepository } from '../../src/modules/admissions/discharge/discharge-measures.repository';
import { MetricsService } from '../../src/modules/metrics/metrics.service';
import { AGE_AT, BORN_BY, IN_SCOPE, JOIN_PATIENT_IF_SCOPED, PATIENT_IN_SCOPE, params } from '../../src/modules/metrics/providers/sql';
import { TestApp, createTestApp } from '../support/app';
import { createWorld, nextNhsNumber } from '../support/factories';

/**
 * The report's population filters, rewritten for a county (1.5 million patients): for the whole CCG
 * a statement that reads a row's patient only for the filter no longer reads patients at all, a
 * locality's practices are listed once per statement, and ages are compared as dates of birth. Each
 * must count exactly what the plain join and age() counted.
 */
describe('metrics population filters', () => {
  let t: TestApp;
  const YEAR = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')] as const;
  const scopes = [{}, { practice: 'P00001' }, { practice: 'P00002' }, { locality: 'Dover/Deal' }, { locality: 'Shepway/Folkestone' }, { locality: 'Nowhere' }];

  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    await createWorld(t);
    // 12 patients: 5 at each practice, 2 with no practice on file; every one admitted in the year, some twice.
    const practices = ['P00001', 'P00001', 'P00001', 'P00001', 'P00001', 'P00002', 'P00002', 'P00002', 'P00002', 'P00002', null, null];
    for (const [i, practice] of practices.entries()) {
      const [p]: { id: string }[] = await t.db.query(
        `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, version)
         VALUES ($1, 'Scope', 'Person', $2, $3, 1) RETURNING id`,
        [nextNhsNumber(), '1950-06-01', practice],
      );
      for (let k = 0; k <= i % 2; k++) {
        await t.db.query(
          `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, method, status, known_to, created_by, version)
           VALUES ($1, 'TRUST1', $2, 'emergency', 'inpatient', '[]', 'seed', 1)`,
          [p.id, `2026-0${1 + i % 9}-1${k}T10:00:00Z`],
        );
      }
    }
  });
  afterAll(() => t.close());

  it('counts the same rows as joining every patient, for the whole CCG, a practice and a locality', async () => {
    const filtered = `SELECT count(*)::int AS n FROM admissions a ${JOIN_PATIENT_IF_SCOPED('a.patient_id')}
      WHERE a.admitted_at >= $1 AND a.admitted_at < $2 AND ${PATIENT_IN_SCOPE('a.patient_id')} AND $5::timestamptz IS NOT NULL`;
    const joined = `SELECT count(*)::int AS n FROM admissions a JOIN patients p ON p.id = a.patient_id
      WHERE a.admitted_at >= $1 AND a.admitted_at < $2 AND ($3::text IS NULL OR p.gp_practice_ods = $3)
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.ods_code = p.gp_practice_ods AND o.locality = $4))
        AND $5::timestamptz IS NOT NULL`;
    const counts: number[] = [];
    for (const scope of scopes) {
      const p = params({ from: YEAR[0], to: YEAR[1], ...scope }, YEAR[1]);
      const [[expected], [actual]] = [await t.db.query(joined, p), await t.db.query(filtered, p)];
      expect({ scope, n: actual.n }).toEqual({ scope, n: expected.n });
      counts.push(actual.n);
    }
    // whole CCG 18, P00001 7 (3 + 2×2), P00002 8, the localities the same, an unknown locality none
    expect(counts).toEqual([18, 7, 8, 7, 8, 0]);
  });

  it('reads no patient for the whole CCG, and only the scope’s patients otherwise', async () => {
    const statement = `SELECT count(*) FROM admissions a ${JOIN_PATIENT_IF_SCOPED('a.patient_id')}
      WHERE a.admitted_at >= $1 AND a.admitted_at < $2 AND ${PATIENT_IN_SCOPE('a.patient_id')} AND $5::timestamptz IS NOT NULL`;
    const plan = async (scope: object) => {
      const rows: { 'QUERY PLAN': string }[] = await t.db.query(`EXPLAIN ${statement}`, params({ from: YEAR[0], to: YEAR[1], ...scope }, YEAR[1]));
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    // The service's connections plan every execution for its parameters (prepared-client.ts), as EXPLAIN with literals does.
    expect(await plan({})).not.toMatch(/patients/);
    expect(await plan({ practice: 'P00001' })).toMatch(/patients/);
    expect(await plan({ locality: 'Dover/Deal' })).toMatch(/patients/);
  });

  it('finds adults and people 65+ by date of birth exactly as age() does, 29 February included', async () => {
    // every day of 2023-2025 (2024 a leap year) against every date of birth within a year of each threshold
    const [row]: { days: number; checked: number; differ: number }[] = await t.db.query(
      `SELECT count(DISTINCT d.day)::int AS days, count(*)::int AS checked,
              count(*) FILTER (WHERE (${AGE_AT('d.day')} >= n.years) IS DISTINCT FROM
                                     (p.date_of_birth <= CASE n.years WHEN 18 THEN ${BORN_BY('d.day', '18')} ELSE ${BORN_BY('d.day', '65')} END))::int AS differ
       FROM generate_series(date '2023-01-01', date '2025-12-31', interval '1 day') AS d(day)
       CROSS JOIN (VALUES (18), (65)) AS n(years)
       CROSS JOIN LATERAL (SELECT g::date AS date_of_birth FROM generate_series(d.day - make_interval(years => n.years + 1), d.day - make_interval(years => n.years - 1), interval '1 day') g) p`,
    );
    expect(row.days).toBe(1096);
    expect(row.checked).toBeGreaterThan(1096 * 2 * 730);
    expect(row.differ).toBe(0);
  });

  it('counts the registered population once per report, though two capabilities divide by it', async () => {
    const registered = jest.spyOn(t.app.get(AdmissionMeasuresRepository), 'registered');
    const query = jest.spyOn(EntityManager.prototype, 'query');
    try {
      const metrics = t.app.get(MetricsService);
      await metrics.report(metrics.filter({ from: YEAR[0].toISOString(), to: YEAR[1].toISOString() }), YEAR[1]);
      expect(registered).toHaveBeenCalledTimes(2);
      expect(query.mock.calls.filter(([sql]) => /AS over65/.test(sql)).length).toBe(1);
    } finally {
      registered.mockRestore();
      query.mockRestore();
    }
  });

  it('keeps IN_SCOPE’s locality as the practices of that locality', async () => {
    const [row]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM patients p WHERE ${IN_SCOPE} AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND $5::timestamptz IS NOT NULL`,
      params({ from: YEAR[0], to: YEAR[1], locality: 'Shepway/Folkestone' }, YEAR[1]),
    );
    expect(row.n).toBe(5);
  });
});

describe('metrics: discharges against the Discharge Ready Date', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  it('counts adults discharged from acute and community hospitals only, at one practice or all', async () => {
    await t.db.query(
      `INSERT INTO organisations (ods_code, name, type) VALUES ('RCOM', 'Community hospital', 'community_trust'), ('RMH', 'Mental health trust', 'mental_health_trust')`,
    );
    // one adult each at P00001, discharged on 10 March, 2 days after a DRD of 8 March, from each kind of hospital
    for (const hospital of ['TRUST1', 'RCOM', 'RMH']) {
      const [p]: { id: string }[] = await t.db.query(
        `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, version) VALUES ($1, 'Drd', 'Person', '1950-06-01', 'P00001', 1) RETURNING id`,
        [nextNhsNumber()],
      );
      const [a]: { id: string }[] = await t.db.query(
        `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, discharged_at, destination, method, status, known_to, created_by, version)
         VALUES ($1, $2, '2026-03-01T10:00:00Z', '2026-03-10T10:00:00Z', 'usual_residence', 'emergency', 'discharged', '[]', 'seed', 1) RETURNING id`,
        [p.id, hospital],
      );
      await t.db.query(
        `INSERT INTO discharge_events (admission_id, kind, ready_date, effective_at, recorded_at, recorded_by)
         VALUES ($1, 'discharge_ready_date', '2026-03-08', '2026-03-08T09:00:00Z', '2026-03-08T09:00:00Z', 'idt-1')`,
        [a.id],
      );
    }
    const repo = t.app.get(DischargeMeasuresRepository);
    const year = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
    for (const scope of [{}, { practice: 'P00001' }, { locality: 'Dover/Deal' }]) {
      expect(await repo.drdToDischarge(t.db.manager, { ...year, ...scope }, year.to)).toEqual({ n: 2, on_drd: 0, total_days: 4 });
    }
    expect(await repo.drdToDischarge(t.db.manager, { ...year, practice: 'P00002' }, year.to)).toEqual({ n: 0, on_drd: 0, total_days: 0 });
  });
});
