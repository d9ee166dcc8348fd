import type { PdsSimulator } from '../../scripts/pds-simulator';
import { TraceService } from '../../src/modules/identity/trace.service';
import { TestApp, createTestApp } from '../support/app';
import { createWorld, navigator } from '../support/factories';
import { createPdsPractices, pdsEnv, startPds, untracedReferral } from './support';

describe('NHS number tracing against PDS (simulator over HTTP)', () => {
  let sim: PdsSimulator;
  let t: TestApp;
  let traces: TraceService;
  beforeAll(async () => {
    sim = await startPds();
    t = await createTestApp(pdsEnv(sim));
    traces = t.app.get(TraceService);
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });
  beforeEach(async () => {
    sim.setMode({ kind: 'ok' });
    await t.truncate();
    await createWorld(t);
    await createPdsPractices(t);
  });

  const trace = async (patientId: string) =>
    t.http().post(`/api/v1/patients/untraced/${patientId}/trace`).set('Authorization', await navigator(t)).expect(200);
  const patient = async (id: string) =>
    (
      await t.db.query(
        `SELECT nhs_number, nhs_number_status, needs_tracing, gp_practice_ods, address, trace_attempts, trace_next_at FROM patients WHERE id = $1`,
        [id],
      )
    )[0];
  const tasks = (patientId: string) =>
    t.db.query('SELECT type, status, detail, team_code FROM tasks WHERE patient_id = $1 ORDER BY type', [patientId]) as Promise<
      { type: string; status: string; detail: string; team_code: string }[]
    >;

  it('attaches a unique strong match: number verified (01), PDS demographics win, a differing practice raises a task', async () => {
    const { patientId } = await untracedReferral(t, { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '1936-12-09', gpPracticeOds: 'P00001' });
    expect(await patient(patientId)).toMatchObject({ nhs_number: null, nhs_number_status: '03', needs_tracing: true });
    const res = await trace(patientId);
    expect(res.body).toEqual({ outcome: 'attached', nhsNumber: '9992000007', practiceDiffers: true });
    expect(await patient(patientId)).toMatchObject({
      nhs_number: '9992000007',
      nhs_number_status: '01',
      needs_tracing: false,
      gp_practice_ods: 'Z99001',
      address: { line1: '12 Castle Street', town: 'Dover', postcode: 'CT16 1PT' },
    });
    expect((await tasks(patientId)).map((x) => [x.type, x.status])).toEqual([
      ['registered_practice_differs', 'open'],
      ['trace_nhs_number', 'done'],
    ]);
    const view = await t.http().get('/api/v1/patients/9992000007').set('Authorization', await navigator(t)).expect(200);
    expect(view.body).toMatchObject({ nhsNumber: '9992000007', nhsNumberStatus: '01', nhsNumberVerified: true, needsTracing: false });
  });

  it('never attaches when no single candidate is strong (two men of that name and birth date, neither at this postcode): 04, candidates listed', async () => {
    const { patientId } = await untracedReferral(t, { givenName: 'Thomas', familyName: 'Paine', dateOfBirth: '1937-01-29', postcode: 'CT14 9ZZ' });
    const res = await trace(patientId);
    expect(res.body).toEqual({ outcome: 'ambiguous', candidates: 2 });
    expect(await patient(patientId)).toMatchObject({ nhs_number: null, nhs_number_status: '04', trace_next_at: null });
    const [task] = await tasks(patientId);
    expect(task).toMatchObject({ type: 'trace_nhs_number', status: 'open', team_code: 'SPOA' });
    expect(task.detail).toContain('9992000023');
    expect(task.detail).toContain('9992000031');
  });

  it('says no match for someone PDS does not know, leaving the task for a person', async () => {
    const { patientId } = await untracedReferral(t, { givenName: 'Nobody', familyName: 'Unknown', dateOfBirth: '1950-01-01' });
    expect((await trace(patientId)).body).toEqual({ outcome: 'no_match', candidates: 0 });
    expect((await tasks(patientId))[0].detail).toMatch(/no candidate/);
  });

  it('survives PDS down, slow and answering garbage: intake succeeds, the trace retries later, nothing is lost', async () => {
    const port = Number(new URL(sim.baseUrl).port);
    await sim.close();
    const { patientId, referralId } = await untracedReferral(t, { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '1936-12-09' });
    expect(await traces.traceDue()).toEqual({ traced: 1, attached: 0, unavailable: 1 });
    let row = await patient(patientId);
    expect(row).toMatchObject({ nhs_number: null, nhs_number_status: '03', trace_attempts: 1 });
    expect(row.trace_next_at.getTime()).toBeGreaterThan(Date.now());
    // not due again yet
    expect(await traces.traceDue()).toEqual({ traced: 0, attached: 0, unavailable: 0 });

    sim = await startPds(port);
    // a second in the past: the service's clock (milliseconds) must not land in the same millisecond as the database's now()
    const due = () => t.db.query("UPDATE patients SET trace_next_at = now() - interval '1 second' WHERE id = $1", [patientId]);
    for (const mode of [{ kind: 'slow', delayMs: 1000 }, { kind: 'garbage' }, { kind: 'error' }] as const) {
      sim.setMode(mode);
      await due();
      expect(await traces.traceDue()).toMatchObject({ traced: 1, unavailable: 1 });
      expect(await patient(patientId)).toMatchObject({ nhs_number: null, nhs_number_status: '03' });
    }
    expect(sim.requests()).toBeGreaterThanOrEqual(6); // two attempts each

    sim.setMode({ kind: 'ok' });
    await due();
    expect(await traces.traceDue()).toEqual({ traced: 1, attached: 1, unavailable: 0 });
    row = await patient(patientId);
    expect(row).toMatchObject({ nhs_number: '9992000007', nhs_number_status: '01', trace_attempts: 5 });
    const [referral] = await t.db.query('SELECT patient_id FROM referrals WHERE id = $1', [referralId]);
    expect(referral.patient_id).toBe(patientId);
  });

  it('refuses a trace of an unknown id with problem+json', async () => {
    const res = await t.http().post('/api/v1/patients/untraced/00000000-0000-4000-8000-000000000000/trace').set('Authorization', await navigator(t));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('UNTRACED_PATIENT_NOT_FOUND');
    const bad = await t.http().post('/api/v1/patients/untraced/not-a-uuid/trace').set('Authorization', await navigator(t));
    expect(bad.status).toBe(400);
  });
});
