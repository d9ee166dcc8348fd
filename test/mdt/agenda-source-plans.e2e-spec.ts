import { ADMITTED_OR_DISCHARGED } from '../../src/modules/admissions/for-mdt.repository';
import { EPISODES_FOR_AGENDA } from '../../src/modules/caseloads/for-mdt.repository';
import { populationNumbers } from '../../src/seed/population';
import { TestApp, createTestApp } from '../support/app';
import { createWorld } from '../support/factories';

/**
 * The MDT agenda's admissions and episodes sources at a practice's scale (hazard H18-8): the
 * practice lives on the patient, so without the indexes of migration 1796600000000 both read every
 * admission of the window (a parallel scan of the whole table at county scale) and looked up each
 * row's patient one by one (38 and 26 ms of an 80 ms agenda on 1.5 M patients).
 */
describe('MDT agenda sources read their practice from indexes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.truncate();
    await createWorld(t);
    // 30 practices of 1,000 living, numbered patients; a year of admissions for a fifth of them,
    // known to a team; an open episode in assessment for every tenth.
    const numbers: string[] = [];
    for (const n of populationNumbers()) {
      numbers.push(n);
      if (numbers.length === 30_000) break;
    }
    await t.db.query(
      `INSERT INTO organisations (ods_code, name, type) SELECT 'Z' || lpad(g::text, 5, '0'), 'Practice', 'gp_practice' FROM generate_series(0, 29) g
       UNION ALL SELECT 'RVV', 'Hospital', 'acute_trust'`,
    );
    await t.db.query(
      `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, version)
       SELECT n, 'Test', 'Patient', date '1940-01-01' + (i % 10000)::int, 'Z' || lpad((i % 30)::text, 5, '0'), 1
       FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)`,
      [numbers],
    );
    await t.db.query(
      `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, discharged_at, destination, method, status, known_to, created_by, version)
       SELECT id, 'RVV', a.at, a.at + interval '5 days', 'usual_residence', 'emergency', 'discharged', '[{"teamCode": "NCT-A"}]'::jsonb, 'test', 1
       FROM (SELECT id, now() - (row_number() OVER (ORDER BY id) % 365) * interval '1 day' AS at FROM patients) a
       WHERE random() < 0.2`,
    );
    await t.db.query(
      `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, status, status_changed_at, created_by, version)
       SELECT id, gp_practice_ods, 'NCT-A', 'cc-1', 'Cam', 'assessment', now(), 'test', 1 FROM patients WHERE random() < 0.1`,
    );
    await t.db.query('VACUUM ANALYZE patients, admissions, proactive_care_episodes');
  });
  afterAll(async () => {
    await t.truncate();
    await t.close();
  });

  const plan = async (sql: string, params: unknown[]): Promise<string> => {
    const [{ 'QUERY PLAN': p }] = await t.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return JSON.stringify(p);
  };

  it('admitted or discharged since the last meeting: the practice index-only, the window from the time indexes', async () => {
    const p = await plan(ADMITTED_OR_DISCHARGED, ['Z00007', new Date(Date.now() - 35 * 86_400_000), new Date()]);
    expect(p).toContain('"Index Name":"idx_patients_living_numbered_practice"');
    expect(p).toContain('"Index Name":"idx_admissions_admitted_at"');
    expect(p).toContain('"Index Name":"idx_admissions_discharged_at"');
    expect(p).not.toMatch(/"Node Type":"Seq Scan"[^}]*"Relation Name":"admissions"/);
  });

  it('open episodes: the practice index-only, not a patient look-up per episode', async () => {
    const p = await plan(EPISODES_FOR_AGENDA, ['Z00007', new Date()]);
    expect(p).toContain('"Index Name":"idx_patients_living_numbered_practice"');
    expect(p).not.toContain('"Index Name":"PK_a7f0b9fcbb3469d5ec0b0aceaa7"');
  });
});
