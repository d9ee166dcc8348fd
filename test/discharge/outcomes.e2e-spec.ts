import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createOrganisation, createWorld, nextNhsNumber } from '../support/factories';

interface M {
  id: string;
  numerator: number | '<5' | null;
  denominator: number | '<5' | null;
  value: number | null;
  breakdown?: { key: string; count: number | '<5' }[];
  note?: string;
  population?: { source: string; year: number | null; ageFrom: number };
}

/**
 * Hand-worked ASCOF 2B(1) and residential admissions 65+ from dated events (residence history,
 * reablement starts, deaths, readmissions), including the period edges: a death on day 60 and a
 * care-home move on day 92. Everyone is registered with P00001 (Dover/Deal).
 */
describe('outcome measures from residence history and reablement starts', () => {
  let t: TestApp;
  let commissioner: string;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
    await createOrganisation(t, { odsCode: 'VM001', type: 'care_home', name: 'Harbour View Care Home' });
    commissioner = await bearer(t, { sub: 'comm-1', roles: ['commissioner'] });
  });

  async function person(o: { dob?: string; deceasedAt?: string } = {}) {
    const [p]: { id: string }[] = await t.db.query(
      `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, deceased_at, version, created_at)
       VALUES ($1, 'Out', 'Come', $2, 'P00001', $3, 1, '2025-01-01') RETURNING id`,
      [nextNhsNumber(), o.dob ?? '1950-06-01', o.deceasedAt ?? null],
    );
    return p.id;
  }
  async function stay(patientId: string, a: { admittedAt: string; dischargedAt?: string; destination?: string }) {
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, method, status, known_to, discharged_at, destination, created_by, version)
       VALUES ($1, 'TRUST1', $2, 'emergency', $3, '[]'::jsonb, $4, $5, 'seed', 1) RETURNING id`,
      [patientId, a.admittedAt, a.dischargedAt ? 'discharged' : 'inpatient', a.dischargedAt ?? null, a.destination ?? null],
    );
    return row.id;
  }
  const reablement = (patientId: string, startedAt: string, admissionId: string | null = null) =>
    t.db.query(`INSERT INTO reablement_starts (patient_id, admission_id, setting, started_at, recorded_at, recorded_by) VALUES ($1, $2, 'home', $3, now(), 'seed')`, [
      patientId,
      admissionId,
      startedAt,
    ]);
  const residence = (patientId: string, kind: string, from: string, to: string | null, source: string) =>
    t.db.query(`INSERT INTO patient_residences (patient_id, kind, from_date, to_date, source, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, now(), 'seed')`, [
      patientId,
      kind,
      from,
      to,
      source,
    ]);
  const metrics = async (from: string, to: string) => {
    const res = await t.http().get(`/api/v1/metrics?from=${from}&to=${to}`).set('Authorization', commissioner).expect(200);
    return Object.fromEntries(res.body.measures.map((m: M) => [m.id, m])) as Record<string, M>;
  };

  /**
   * All discharged 10 January 2026 12:00 (day 91 = 11 April), aged 75 unless said:
   * H1, H10, H11 step-down bed -> at home; H2 step-down, died 11 March (day 60) -> died (denominator only);
   * H3 home with reablement linked to the discharge -> at home; H4 home, reablement started 3 days later
   * (unlinked, within 7 days), moved to a care home on 12 April (day 92) -> at home on day 91;
   * H5 step-down stay that ended in a care home on 20 February -> care home; H7 step-down, readmitted
   * 5 April and still in on day 91 -> in hospital. Not in the cohort: H6 home without reablement,
   * H8 aged 60, H9 reablement started 10 days after discharge. 5 at home of 8 = 0.625.
   */
  it('ASCOF 2B(1): reablement at home or step-down, day 91 from residence history, deaths before day 91 in the denominator', async () => {
    const d = { admittedAt: '2026-01-02T10:00:00Z', dischargedAt: '2026-01-10T12:00:00Z' };
    for (let i = 0; i < 3; i++) await stay(await person(), { ...d, destination: 'step_down_bed' });
    await stay(await person({ deceasedAt: '2026-03-11T08:00:00Z' }), { ...d, destination: 'step_down_bed' });
    const h3 = await person();
    await reablement(h3, '2026-01-10T15:00:00Z', await stay(h3, { ...d, destination: 'usual_residence' }));
    const h4 = await person();
    await stay(h4, { ...d, destination: 'usual_residence' });
    await reablement(h4, '2026-01-13T10:00:00Z');
    await residence(h4, 'care_home', '2026-04-12', null, 'update');
    const h5 = await person();
    await stay(h5, { ...d, destination: 'step_down_bed' });
    await residence(h5, 'care_home', '2026-02-20', null, 'bed_stay_discharge');
    await stay(await person(), { ...d, destination: 'usual_residence' });
    const h7 = await person();
    await stay(h7, { ...d, destination: 'step_down_bed' });
    await stay(h7, { admittedAt: '2026-04-05T10:00:00Z' });
    await stay(await person({ dob: '1965-06-01' }), { ...d, destination: 'step_down_bed' });
    const h9 = await person();
    await stay(h9, { ...d, destination: 'usual_residence' });
    await reablement(h9, '2026-01-20T10:00:00Z');

    const m = await metrics('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(m['bcf.still_at_home_91_days']).toMatchObject({ numerator: 5, denominator: 8, value: 0.625 });
  });

  /**
   * Moves into a care home, 1 February - 1 May 2026, people 65+: R1 hospital discharge (1 March),
   * R4 community move recorded by social care (15 March), R5 hospital discharge (1 April), R6 step-down
   * stay ending in a care home (20 February), R7 community move (12 April) = 5. Not counted: R2 moving
   * from one care home to another (10 March), R3 aged 50, R8 moved in January. 65+ registered and
   * living at the end: those 5 plus R2 = 6 -> 5 / 6 = 83,333.3 per 100,000; with the
   * population estimate loaded (2026, P00001 aged 65+: 2,000) -> 250.0.
   */
  it('residential admissions 65+ from every route, per 100,000 of the population estimate or the labelled registered list', async () => {
    for (const [from, source] of [
      ['2026-03-01', 'hospital_discharge'],
      ['2026-03-15', 'update'],
      ['2026-04-01', 'hospital_discharge'],
      ['2026-02-20', 'bed_stay_discharge'],
      ['2026-04-12', 'update'],
    ]) {
      const id = await person();
      await residence(id, 'home', '2000-01-01', from, 'update');
      await residence(id, 'care_home', from, null, source);
    }
    const r2 = await person();
    await residence(r2, 'care_home', '2025-06-01', '2026-03-10', 'update');
    await residence(r2, 'care_home', '2026-03-10', null, 'update');
    await residence(await person({ dob: '1976-01-01' }), 'care_home', '2026-03-01', null, 'update');
    await residence(await person({ dob: '1930-01-01', deceasedAt: '2026-01-20T00:00:00Z' }), 'care_home', '2026-01-05', null, 'update');

    let m = (await metrics('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z'))['bcf.permanent_care_home_admissions_65_per_100k'];
    expect(m).toMatchObject({ numerator: 5, denominator: 6, value: 83333.3, population: { source: 'registered_list', year: null, ageFrom: 65 } });
    expect(m.note).toMatch(/registered list/);
    expect(m.breakdown).toEqual([
      { key: 'bed_stay_discharge', count: '<5' },
      { key: 'hospital_discharge', count: '<5' },
      { key: 'update', count: '<5' },
    ]);

    const admin = await bearer(t, { sub: 'admin-1', roles: ['admin'] });
    const csv = 'year,area_type,area_code,age_from,age_to,persons\n2026,practice,P00001,0,17,900\n2026,practice,P00001,18,64,3100\n2026,practice,P00001,65,,2000\n2025,practice,P00001,65,,1950\n2026,practice,P00001,60,70,5\n';
    const imported = await t.http().post('/api/v1/reference/populations').set('Authorization', admin).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(imported.body).toEqual({ accepted: 4, rejected: [{ row: 5, message: expect.stringMatching(/straddles age 65/) }], years: [2025, 2026] });
    m = (await metrics('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z'))['bcf.permanent_care_home_admissions_65_per_100k'];
    expect(m).toMatchObject({ numerator: 5, denominator: 2000, value: 250, population: { source: 'population_estimate', year: 2026 } });
    expect(m.note).toContain('mid-year population estimate 2026');
    // A 2025 period uses the 2025 estimate.
    const y2025 = (await metrics('2025-06-01T00:00:00Z', '2025-09-01T00:00:00Z'))['bcf.permanent_care_home_admissions_65_per_100k'];
    expect(y2025).toMatchObject({ denominator: 1950, population: { year: 2025 } });
  });

  it('imports the demo area sample file; bad files are a 400 problem and change nothing', async () => {
    const admin = await bearer(t, { sub: 'admin-1', roles: ['admin'] });
    const sample = readFileSync(join(__dirname, '../../docs/examples/populations-skc.csv'), 'utf8');
    const res = await t.http().post('/api/v1/reference/populations').set('Authorization', admin).set('Content-Type', 'text/csv').send(sample).expect(200);
    expect(res.body).toMatchObject({ accepted: 6, rejected: [], years: [2026] });
    // Locality estimates serve a locality filter (and the whole area when no practice rows exist).
    const m = await metrics('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z');
    expect(m['bcf.delayed_transfer_days_per_100k']).toMatchObject({ denominator: 55100 + 21300 + 61600 + 22000, population: { source: 'population_estimate', year: 2026, ageFrom: 18 } });
    const dd = await t.http().get('/api/v1/metrics?from=2026-02-01T00:00:00Z&to=2026-05-01T00:00:00Z&locality=Dover/Deal').set('Authorization', commissioner).expect(200);
    expect(dd.body.measures.find((x: M) => x.id === 'bcf.delayed_transfer_days_per_100k')).toMatchObject({ denominator: 55100 + 21300 });

    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM population_estimates');
    for (const [body, type] of [
      ['year,area_code,persons\n2026,X,1\n', 'text/csv'],
      ['year,area_type,area_code,age_from,age_to,persons\n', 'text/csv'],
      ['year,area_type,area_code,age_from,age_to,persons\n"2026,practice\n', 'text/csv'],
      [JSON.stringify({ rows: [] }), 'application/json'],
    ]) {
      const bad = await t.http().post('/api/v1/reference/populations').set('Authorization', admin).set('Content-Type', type).send(body);
      expect({ body, status: bad.status, type: bad.headers['content-type'] }).toMatchObject({ status: expect.any(Number), type: expect.stringMatching(/problem\+json/) });
      expect([400, 415]).toContain(bad.status);
    }
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM population_estimates');
    expect(after).toBe(before);
    await t.http().post('/api/v1/reference/populations').set('Authorization', commissioner).set('Content-Type', 'text/csv').send(sample).expect(403);
  });
});
