import { Clock } from '../../src/common/clock';
import { TestApp, createTestApp } from '../support/app';
import { clinician, createPatient, navigator } from '../support/factories';
import { HOSPITAL, IDT, admit, createAdmissionWorld, daysAgo, dischargeCoordinator, patientKnownToTwoTeams } from './support';

describe('admissions and discharge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    await createAdmissionWorld(t);
  });

  const act = async (id: string, action: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/admissions/${id}/${action}`).set('Authorization', await dischargeCoordinator(t)).send(body);

  const alerts = (type: string): Promise<{ team_code: string; detail: Record<string, unknown> }[]> =>
    t.db.query('SELECT team_code, detail FROM alerts WHERE type = $1 ORDER BY team_code', [type]);

  it('flags an admission to every team that knows the patient, once, however often it is posted', async () => {
    const nhsNumber = await patientKnownToTwoTeams(t);
    const admittedAt = daysAgo(1).toISOString();
    const first = await admit(t, { nhsNumber, admittedAt, ward: 'Cambridge M2', reason: 'Fall, fractured neck of femur' });
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/api/v1/admissions/${first.body.id}`);
    expect(first.body).toMatchObject({
      nhsNumber,
      hospitalOds: HOSPITAL,
      status: 'inpatient',
      readmission: false,
      alertsRaised: 2,
      idtTeamCode: IDT,
      knownTo: [
        { teamCode: 'NCT-A', relationship: 'care_coordinator' },
        { teamCode: 'NCT-A', relationship: 'care_coordinator_team' },
        { teamCode: 'SPOA', relationship: 'open_referral' },
      ],
    });
    expect((await alerts('admission')).map((a) => a.team_code)).toEqual(['NCT-A', 'SPOA']);

    // The same admission again (the hospital system retried): the same answer, no second alert.
    const again = await admit(t, { nhsNumber, admittedAt: admittedAt.replace('Z', '+00:00') });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.alertsRaised).toBe(2);
    expect(await alerts('admission')).toHaveLength(2);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM admissions');
    expect(n).toBe(1);

    // The neighbourhood team sees the alert; the patient view shows the stay and the IDT now knows the patient.
    const nct = await clinician(t, ['NCT-A']);
    const list = await t.http().get('/api/v1/alerts?status=open').set('Authorization', nct).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ type: 'admission', teamCode: 'NCT-A', nhsNumber, detail: expect.objectContaining({ admissionId: first.body.id }) })]);
    const view = await t.http().get(`/api/v1/patients/${nhsNumber}`).set('Authorization', nct).expect(200);
    expect(view.body.currentAdmission).toMatchObject({ id: first.body.id, hospitalOds: HOSPITAL, ward: 'Cambridge M2' });
    expect(view.body.knownTo).toEqual(expect.arrayContaining([{ teamCode: IDT, relationships: ['inpatient_admission'] }]));
  });

  it('creates one admission and one set of alerts when the same admission is posted concurrently', async () => {
    const nhsNumber = await patientKnownToTwoTeams(t);
    const admittedAt = daysAgo(1).toISOString();
    const token = await dischargeCoordinator(t);
    const results = await Promise.all([1, 2, 3].map(() => admit(t, { nhsNumber, admittedAt }, token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await alerts('admission')).toHaveLength(2);
  });

  it('flags an emergency admission within 30 days of a discharge as a readmission', async () => {
    const nhsNumber = await createPatient(t);
    const first = await admit(t, { nhsNumber, admittedAt: daysAgo(20).toISOString() });
    expect(first.body.readmission).toBe(false);
    await act(first.body.id, 'discharge', { at: daysAgo(12).toISOString(), destination: 'usual_residence' }).then((r) => expect(r.status).toBe(200));

    const second = await admit(t, { nhsNumber, admittedAt: daysAgo(2).toISOString() });
    expect(second.status).toBe(201);
    // Known to no community team (registered at an aligned practice is access, not involvement): the IDT only.
    expect(second.body).toMatchObject({ readmission: true, previousAdmissionId: first.body.id, alertsRaised: 1 });
    expect((await alerts('readmission')).map((a) => a.team_code)).toEqual([IDT]);

    // Elective admissions are planned: not readmissions.
    const elective = await admit(t, { nhsNumber, admittedAt: daysAgo(1).toISOString(), method: 'elective' });
    expect(elective.body.readmission).toBe(false);
  });

  it('keeps the medically-optimised list, delay reasons and delayed days, and creates the follow-up on discharge', async () => {
    // Noon today: "days delayed so far" counts calendar days in England.
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(daysAgo(0));
    const nhsNumber = await patientKnownToTwoTeams(t);
    const { body: a } = await admit(t, { nhsNumber, admittedAt: daysAgo(10).toISOString() });
    expect((await act(a.id, 'estimated-discharge', { date: daysAgo(5).toISOString().slice(0, 10) })).body.estimatedDischargeDate).toBe(
      daysAgo(5).toISOString().slice(0, 10),
    );
    const optimised = await act(a.id, 'medically-optimised', { at: daysAgo(6).toISOString() });
    expect(optimised.status).toBe(200);
    expect(optimised.body.delayedDays).toBe(6);
    const delayed = await act(a.id, 'delay', { reason: 'awaiting_package_of_care', notes: 'Domiciliary care from Monday' });
    expect(delayed.body.delays).toEqual([expect.objectContaining({ reason: 'awaiting_package_of_care', notes: 'Domiciliary care from Monday', by: 'idt-1' })]);

    const idt = await dischargeCoordinator(t);
    const mo = await t.http().get(`/api/v1/admissions?status=inpatient&hospital=${HOSPITAL}&medicallyOptimised=true`).set('Authorization', idt).expect(200);
    expect(mo.body.items).toEqual([expect.objectContaining({ id: a.id, delayedDays: 6, medicallyOptimisedAt: daysAgo(6).toISOString() })]);

    const dischargedAt = daysAgo(2);
    const discharged = await act(a.id, 'discharge', { at: dischargedAt.toISOString(), destination: 'usual_residence' });
    expect(discharged.status).toBe(200);
    expect(discharged.body).toMatchObject({ status: 'discharged', delayedDays: 4, destination: 'usual_residence', dischargedAt: dischargedAt.toISOString() });
    expect((await t.http().get(`/api/v1/admissions/${a.id}`).set('Authorization', idt).expect(200)).body.delayedDays).toBe(4);
    expect((await t.http().get('/api/v1/admissions?medicallyOptimised=true').set('Authorization', idt).expect(200)).body.items).toEqual([]);

    expect((await alerts('discharge')).map((x) => x.team_code)).toEqual(['NCT-A', 'SPOA']);
    const tasks = await t.http().get('/api/v1/tasks?team=NCT-A').set('Authorization', await clinician(t, ['NCT-A'])).expect(200);
    expect(tasks.body.items).toEqual([
      expect.objectContaining({
        type: 'post_discharge_follow_up',
        nhsNumber,
        teamCode: 'NCT-A',
        dueAt: new Date(dischargedAt.getTime() + 7 * 86_400_000).toISOString(),
        source: { type: 'admission', id: a.id },
        status: 'open',
      }),
    ]);
    expect(tasks.body.items[0].title).toMatch(/medicines review/);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM tasks WHERE type = 'post_discharge_follow_up'`);
    expect(n).toBe(2);
  });

  it('refuses impossible changes with problem+json and changes nothing', async () => {
    const nhsNumber = await createPatient(t);
    const unknownHospital = await admit(t, { nhsNumber, hospitalOds: 'NOSUCH' });
    expect(unknownHospital.status).toBe(400);
    expect(unknownHospital.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknownHospital.body.errors).toEqual([{ field: 'hospitalOds', message: 'is not a known hospital trust' }]);
    const future = await admit(t, { nhsNumber, admittedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(400);
    expect(await t.db.query('SELECT id FROM admissions')).toEqual([]);

    const { body: a } = await admit(t, { nhsNumber, admittedAt: daysAgo(3).toISOString() });
    const early = await act(a.id, 'medically-optimised', { at: daysAgo(4).toISOString() });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'at', message: 'is before the admission' }]);
    const beforeAdmission = await act(a.id, 'discharge', { at: daysAgo(4).toISOString(), destination: 'usual_residence' });
    expect(beforeAdmission.status).toBe(400);
    expect(beforeAdmission.body.code).toBe('VALIDATION_FAILED');
    expect((await act(a.id, 'discharge', { at: daysAgo(1).toISOString(), destination: 'moon' })).status).toBe(400);

    expect((await act(a.id, 'discharge', { at: daysAgo(1).toISOString(), destination: 'usual_residence' })).status).toBe(200);
    const twice = await act(a.id, 'discharge', { at: daysAgo(0).toISOString(), destination: 'care_home_new' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_TRANSITION');
    const [row] = await t.db.query('SELECT destination, discharged_at FROM admissions WHERE id = $1', [a.id]);
    expect(row).toEqual({ destination: 'usual_residence', discharged_at: daysAgo(1) });
    expect((await act(a.id, 'delay', { reason: 'other' })).status).toBe(409);

    // Only discharge coordinators record admissions; a clinician cannot.
    const clin = await clinician(t, ['NCT-A']);
    expect((await admit(t, { nhsNumber }, clin)).status).toBe(403);
    expect((await t.http().get(`/api/v1/admissions/${a.id}`).set('Authorization', await navigator(t))).status).toBe(200);
    expect((await t.http().get('/api/v1/admissions/5f0c1b8e-7a0a-4c1e-9a51-6f1f4a1e0c11').set('Authorization', await navigator(t))).body.code).toBe(
      'ADMISSION_NOT_FOUND',
    );
  });
});
