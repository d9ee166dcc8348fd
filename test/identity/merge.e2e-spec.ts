import { PATIENT_LINKED_TABLES } from '../../src/modules/patients/merge/merge-tables';
import { HOSPITAL, admit, createAdmissionWorld, daysAgo, dischargeCoordinator } from '../admissions/support';
import { addBeds } from '../beds/beds-fixtures';
import type { PdsSimulator } from '../../scripts/pds-simulator';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createReferral, createTeam, navigator, referralBody } from '../support/factories';
import { createPdsPractices, pdsEnv, startPds, untracedReferral } from './support';

const SURVIVOR = '9990000018';
const DUPLICATE = '9990000026';

describe('patient merge', () => {
  let sim: PdsSimulator;
  let t: TestApp;
  beforeAll(async () => {
    sim = await startPds();
    t = await createTestApp(pdsEnv(sim));
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
    await createTeam(t, { code: 'BEDS-DD', type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
  });

  const gp = () => bearer(t, { sub: 'gp-1', name: 'Dr One', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
  const merge = async (survivor: string, duplicateId: string) =>
    t.http().post(`/api/v1/patients/${survivor}/merge`).set('Authorization', await navigator(t)).send({ duplicateId });
  const idOf = async (nhs: string) => ((await t.db.query('SELECT id FROM patients WHERE nhs_number = $1', [nhs])) as { id: string }[])[0].id;
  const count = async (table: string, column: string, id: string) =>
    ((await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [id])) as { n: number }[])[0].n;

  it('names every table with a foreign key to patients (a new patient-linked table must join the merge list)', async () => {
    const rows: { table_name: string; column_name: string }[] = await t.db.query(
      `SELECT kcu.table_name, kcu.column_name FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name
        WHERE ccu.table_name = 'patients' ORDER BY 1, 2`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(15);
    const listed = PATIENT_LINKED_TABLES.map((x) => `${x.table}.${x.column}`).sort();
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`).filter((k) => !listed.includes(k))).toEqual([]);
  });

  it('moves a row of every patient-linked table in one go and loses none; the old number answers mergedInto', async () => {
    await createPatient(t, {}, SURVIVOR);
    await createPatient(t, { careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' } }, DUPLICATE);
    const dupId = await idOf(DUPLICATE);
    const survivorId = await idOf(SURVIVOR);
    const doc = await gp();
    const nav = await navigator(t);
    const api = (method: 'post' | 'put', path: string, body: object, token = doc) => t.http()[method](`/api/v1${path}`).set('Authorization', token).send(body);

    // Build the duplicate's history through the API: a row in every table the merge moves.
    await createReferral(t, referralBody({ nhsNumber: DUPLICATE }));
    const adm = await admit(t, { nhsNumber: DUPLICATE, admittedAt: daysAgo(4).toISOString() });
    expect(adm.status).toBe(201);
    await t.http().post(`/api/v1/admissions/${adm.body.id}/discharge`).set('Authorization', await dischargeCoordinator(t)).send({ at: daysAgo(3).toISOString(), destination: 'usual_residence' }).expect(200);
    await api('put', `/patients/${DUPLICATE}/care-plan`, { goals: 'Stay at home' }).expect(201);
    await api('post', `/patients/${DUPLICATE}/care-plan/agreements`, { role: 'gp', name: 'Dr One', patientInvolved: true }).expect(200);
    await api('put', `/patients/${DUPLICATE}/consent`, { decision: 'granted', scope: 'care_plan_sharing', recordedBy: 'Dr One', recordedAt: '2026-01-10T11:00:00+00:00' }).expect(201);
    await api('post', '/proactive-care/episodes', { nhsNumber: DUPLICATE, careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' }, accountableGp: 'Dr One' }).expect(201);
    await api('post', '/risk-scores/imports', { practiceOds: 'P00001', model: 'test-model', computedAt: daysAgo(1).toISOString(), rows: [{ nhsNumber: DUPLICATE, score: 7 }] }).expect(201);
    const meeting = (await api('post', '/mdt/meetings', { practiceOds: 'P00001', teamCode: 'NCT-A', start: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 60, minutesPerPatient: 10, coreRoles: ['gp'] }).expect(201)).body;
    await api('post', `/mdt/meetings/${meeting.id}/agenda/generate`, {}).expect(200);
    await api('post', `/mdt/meetings/${meeting.id}/outcomes`, { nhsNumber: DUPLICATE, summary: 'Reviewed', decisions: ['Continue'], actions: [] }).expect(201);
    await api('post', `/patients/${DUPLICATE}/involvements`, { teamCode: 'NCT-B', reason: 'Shared care', endsAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    const manager = await bearer(t, { sub: 'bm-1', roles: ['bed_manager'], teams: ['BEDS-DD'] });
    const unit = (await t.http().post('/api/v1/bed-units').set('Authorization', manager).send({ name: 'Deal Ward', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal', teamCode: 'BEDS-DD' }).expect(201)).body;
    await addBeds(t, manager.replace('Bearer ', ''), unit.id, 1);
    await api('post', '/bed-requests', { direction: 'step_up', nhsNumber: DUPLICATE }, await bearer(t, { sub: 'cl-a', roles: ['clinician'], teams: ['NCT-A'] })).expect(201);

    // Rows that only a hospital feed or the discharge workspace write: set down directly.
    await t.db.query(`INSERT INTO ae_attendances (patient_id, hospital_ods, arrived_at, respond_by) VALUES ($1, 'TRUST1', now() - interval '1 day', now() - interval '22 hours')`, [dupId]);
    await t.db.query(`INSERT INTO patient_residences (patient_id, kind, from_date, source, recorded_at, recorded_by) VALUES ($1, 'home', current_date - 30, 'update', now(), 'test')`, [dupId]);
    await t.db.query(`INSERT INTO reablement_starts (patient_id, setting, started_at, recorded_at, recorded_by) VALUES ($1, 'home', now() - interval '2 days', now(), 'test')`, [dupId]);

    const moving = PATIENT_LINKED_TABLES.filter((x) => x.mode === 'move');
    const before: Record<string, number> = {};
    for (const x of moving) {
      before[x.table] = await count(x.table, x.column, dupId);
      expect([x.table, before[x.table]]).not.toEqual([x.table, 0]); // the duplicate has something in every table
    }
    const totals = async () => {
      const out: Record<string, number> = {};
      for (const x of PATIENT_LINKED_TABLES) out[x.table] = ((await t.db.query(`SELECT count(*)::int AS n FROM ${x.table}`)) as { n: number }[])[0].n;
      return out;
    };
    const totalBefore = await totals();

    const res = await merge(SURVIVOR, dupId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ survivor: { id: survivorId, nhsNumber: SURVIVOR }, duplicateId: dupId });
    for (const x of moving) {
      expect([x.table, await count(x.table, x.column, dupId)]).toEqual([x.table, 0]);
      expect([x.table, await count(x.table, x.column, survivorId)]).toEqual([x.table, before[x.table]]);
      expect(res.body.moved[x.table]).toBe(before[x.table]);
    }
    const totalAfter = await totals();
    // audit events only grow (the merge is audited); nothing else gains or loses a row
    expect({ ...totalAfter, audit_events: 0 }).toEqual({ ...totalBefore, audit_events: 0 });
    expect(totalAfter.audit_events).toBeGreaterThan(totalBefore.audit_events);
    expect((await t.db.query('SELECT nhs_number FROM risk_latest WHERE patient_id = $1', [survivorId]))[0].nhs_number).toBe(SURVIVOR);

    const old = await t.http().get(`/api/v1/patients/${DUPLICATE}`).set('Authorization', nav);
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe(`/api/v1/patients/${SURVIVOR}`);
    expect(old.body).toEqual({ code: 'PATIENT_MERGED', mergedInto: SURVIVOR });
    const write = await t.http().put(`/api/v1/patients/${DUPLICATE}/care-plan`).set('Authorization', doc).send({ goals: 'x' });
    expect(write.status).toBe(409);
    expect(write.body.code).toBe('PATIENT_MERGED');
    const view = await t.http().get(`/api/v1/patients/${SURVIVOR}`).set('Authorization', nav).expect(200);
    expect(view.body.activeEpisode).not.toBeNull();
    expect(view.body.carePlan).toMatchObject({ version: 1 });
    const audit = await t.db.query(`SELECT action FROM audit_events WHERE action LIKE 'patient.merge%' ORDER BY action`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['patient.merge', 'patient.merged', 'patient.merged_away']);
    // merging again: the duplicate is gone
    expect((await merge(SURVIVOR, dupId)).status).toBe(404);
  });

  it('refuses conflicts (two open episodes, two care plans) naming them, and moves nothing', async () => {
    await createPatient(t, {}, SURVIVOR);
    await createPatient(t, {}, DUPLICATE);
    const doc = await gp();
    for (const nhs of [SURVIVOR, DUPLICATE]) {
      await t.http().post('/api/v1/proactive-care/episodes').set('Authorization', doc).send({ nhsNumber: nhs, careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' }, accountableGp: 'Dr One' }).expect(201);
      await t.http().put(`/api/v1/patients/${nhs}/care-plan`).set('Authorization', doc).send({ goals: 'Stay at home' }).expect(201);
    }
    const dupId = await idOf(DUPLICATE);
    const res = await merge(SURVIVOR, dupId);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('PATIENT_MERGE_CONFLICT');
    expect(res.body.detail).toContain('open Pro-Active Care episode on both records');
    expect(res.body.detail).toContain('a care plan on both records');
    expect(await count('proactive_care_episodes', 'patient_id', dupId)).toBe(1);
    expect((await t.db.query('SELECT merged_into_id FROM patients WHERE id = $1', [dupId]))[0].merged_into_id).toBeNull();
    // bad input: 400, and never into itself
    expect((await merge(SURVIVOR, 'nope')).status).toBe(400);
    expect((await merge(SURVIVOR, await idOf(SURVIVOR))).status).toBe(400);
    // only the SPoA merges
    const other = await t.http().post(`/api/v1/patients/${SURVIVOR}/merge`).set('Authorization', doc).send({ duplicateId: dupId });
    expect(other.status).toBe(403);
  });

  it('walkthrough: an untraced referral traces to a number already on file, the SPoA merges it', async () => {
    await createPdsPractices(t);
    const nav = await navigator(t);
    await t
      .http()
      .put('/api/v1/patients/9992000066')
      .set('Authorization', nav)
      .send({ givenName: 'Edward', familyName: 'Jenner', dateOfBirth: '1939-05-17', gpPracticeOds: 'Z99003', nhsNumberVerified: true })
      .expect(201);
    const { patientId, referralId } = await untracedReferral(t, { givenName: 'Edward', familyName: 'Jenner', dateOfBirth: '1939-05-17', postcode: 'CT17 0SF' });
    const traced = await t.http().post(`/api/v1/patients/untraced/${patientId}/trace`).set('Authorization', nav).expect(200);
    expect(traced.body).toEqual({ outcome: 'duplicate', nhsNumber: '9992000066', duplicateId: patientId });
    const tasks = await t.http().get('/api/v1/tasks?team=SPOA&type=merge_duplicate_patient').set('Authorization', nav).expect(200);
    expect(tasks.body.items).toEqual([expect.objectContaining({ nhsNumber: '9992000066', source: { type: 'patient', id: patientId } })]);
    await merge('9992000066', patientId).then((r) => expect(r.status).toBe(200));
    const referral = await t.http().get(`/api/v1/referrals/${referralId}`).set('Authorization', nav).expect(200);
    expect(referral.body).toMatchObject({ nhsNumber: '9992000066', needsTracing: false });
    const after = await t.http().get('/api/v1/tasks?team=SPOA&type=merge_duplicate_patient&status=done').set('Authorization', nav).expect(200);
    expect(after.body.items).toHaveLength(1);
    expect(HOSPITAL).toBeTruthy();
  });
});
