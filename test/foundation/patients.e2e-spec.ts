import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld, patientBody } from '../support/factories';

describe('patients keyed on NHS number', () => {
  let t: TestApp;
  let nav: string;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    nav = await t.token({ sub: 'nav-1', name: 'Nora Navigator', roles: ['care_navigator'], teams: ['SPOA'], org: 'TRUST1' });
    auditor = await t.token({ sub: 'aud-1', roles: ['auditor'] });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    put: (path: string, body: object) => t.http().put(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('creates a patient from a spaced NHS number (201 + Location), updates it (200) and returns 10 digits', async () => {
    const created = await as(nav).put('/patients/999%20000%200018', patientBody()).expect(201);
    expect(created.headers.location).toBe('/api/v1/patients/9990000018');
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ nhsNumber: '9990000018', familyName: 'Lovelace', version: 1, gpPracticeOds: 'P00001' });
    const updated = await as(nav).put('/patients/999-000-0018', patientBody({ livesAlone: true })).expect(200);
    expect(updated.body).toMatchObject({ nhsNumber: '9990000018', livesAlone: true, version: 2 });
  });

  it('returns the single view: demographics, care coordinator, knownTo (involvement), mayAccess and the sections so far', async () => {
    const nhs = await createPatient(t, { careCoordinator: { staffId: 'cc-9', name: 'Cara Coordinator', teamCode: 'NCT-B' } });
    const res = await as(nav).get(`/patients/${nhs}`).expect(200);
    expect(res.body).toMatchObject({
      nhsNumber: nhs,
      careCoordinator: { staffId: 'cc-9', name: 'Cara Coordinator', teamCode: 'NCT-B' },
      knownTo: [{ teamCode: 'NCT-B', relationships: ['care_coordinator', 'care_coordinator_team'] }],
      mayAccess: [
        { orgOds: 'P00001', relationships: ['registered_practice'] },
        { teamCode: 'NCT-A', relationships: ['gp_practice_alignment'] },
        { teamCode: 'NCT-B', relationships: ['care_coordinator', 'care_coordinator_team'] },
      ],
      openReferrals: [],
      openAlerts: [],
      activeEpisode: null,
      carePlan: null,
    });
    expect(res.headers.etag).toBe('"1"');
  });

  it('lets the team aligned to the practice read the patient, and answers 404 to an unrelated team', async () => {
    const nhs = await createPatient(t);
    const teamA = await t.token({ sub: 'cl-a', roles: ['clinician'], teams: ['NCT-A'] });
    const teamB = await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] });
    await as(teamA).get(`/patients/${nhs}`).expect(200);
    const denied = await as(teamB).get(`/patients/${nhs}`).expect(404);
    expect(denied.body.code).toBe('PATIENT_NOT_FOUND');
    const missing = await as(teamB).get('/patients/9990000026').expect(404);
    expect(missing.body).toEqual({ ...denied.body, correlationId: missing.body.correlationId });
    // an unrelated team cannot overwrite the record either
    await as(teamB).put(`/patients/${nhs}`, patientBody({ familyName: 'Changed' })).expect(404);
    const still = await as(teamA).get(`/patients/${nhs}`).expect(200);
    expect(still.body.familyName).toBe('Lovelace');
  });

  it('lets the named care coordinator read the patient personally', async () => {
    const nhs = await createPatient(t, { gpPracticeOds: 'P00002', careCoordinator: { staffId: 'cc-9', name: 'Cara', teamCode: 'NCT-B' } });
    const coordinator = await t.token({ sub: 'cc-9', roles: ['care_coordinator'], teams: [] });
    await as(coordinator).get(`/patients/${nhs}`).expect(200);
  });

  it('break-glass: allowed with a reason, audited with it, and alerts the practice team', async () => {
    const nhs = await createPatient(t);
    const outsider = await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] });
    await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${outsider}`).set('X-Access-Reason', 'Seen collapsed in the street').expect(200);

    const audit = await as(auditor).get(`/audit-events?nhsNumber=${nhs}`).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'patient.read',
      outcome: 'break_glass',
      reason: 'Seen collapsed in the street',
      actor: { sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] },
      nhsNumber: nhs,
    });

    const teamA = await t.token({ sub: 'cl-a', roles: ['clinician'], teams: ['NCT-A'] });
    const alerts = await as(teamA).get('/alerts?status=open').expect(200);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ type: 'break_glass', teamCode: 'NCT-A', nhsNumber: nhs, status: 'open', detail: expect.objectContaining({ by: 'cl-b', reason: 'Seen collapsed in the street' }) }),
    ]);
    const ack = await t.http().post(`/api/v1/alerts/${alerts.body.items[0].id}/acknowledge`).set('Authorization', `Bearer ${teamA}`).expect(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'cl-a' });
    // another team cannot see or acknowledge it
    await t.http().post(`/api/v1/alerts/${alerts.body.items[0].id}/acknowledge`).set('Authorization', `Bearer ${outsider}`).expect(404);
    await as(outsider).get('/alerts?team=NCT-A').expect(403);
  });

  it('audits every read and write, and refusals, with who, roles, org and correlation id', async () => {
    const nhs = await createPatient(t);
    const outsider = await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] });
    await as(nav).get(`/patients/${nhs}`).set('x-request-id', 'corr-read-1').expect(200);
    await as(outsider).get(`/patients/${nhs}`).expect(404);
    const res = await as(auditor).get(`/audit-events?nhsNumber=${nhs}`).expect(200);
    expect(res.body.items.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)).toEqual([
      'patient.read:denied',
      'patient.read:allowed',
      'patient.create:allowed',
    ]);
    expect(res.body.items[1]).toMatchObject({ actor: { sub: 'nav-1', name: 'Nora Navigator', org: 'TRUST1' }, correlationId: 'corr-read-1' });
    const byActor = await as(auditor).get('/audit-events?actor=cl-b').expect(200);
    expect(byActor.body.items).toHaveLength(1);
    const future = await as(auditor).get(`/audit-events?nhsNumber=${nhs}&from=2999-01-01T00:00:00Z`).expect(200);
    expect(future.body.items).toEqual([]);
  });

  it('the audit log cannot be altered', async () => {
    await createPatient(t);
    await expect(t.db.query('UPDATE audit_events SET actor_sub = $1', ['someone-else'])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });

  it('searches by NHS number or family name + date of birth, never by name alone', async () => {
    const a = await createPatient(t, { givenName: 'Ada', familyName: 'Lovelace' });
    const b = await createPatient(t, { givenName: 'Byron', familyName: 'lovelace' });
    await createPatient(t, { givenName: 'Charles', familyName: 'Babbage' });
    const byNhs = await as(nav).get(`/patients?search=${a.slice(0, 3)} ${a.slice(3, 6)} ${a.slice(6)}`).expect(200);
    expect(byNhs.body.items.map((p: { nhsNumber: string }) => p.nhsNumber)).toEqual([a]);
    const byName = await as(nav).get('/patients?search=LOVELACE 1940-12-10&limit=1').expect(200);
    expect(byName.body.items.map((p: { nhsNumber: string }) => p.nhsNumber)).toEqual([a]);
    const next = await as(nav).get(`/patients?search=LOVELACE 1940-12-10&limit=1&cursor=${byName.body.nextCursor}`).expect(200);
    expect(next.body).toEqual({ items: [expect.objectContaining({ nhsNumber: b })], nextCursor: null });
    const nameOnly = await as(nav).get('/patients?search=Lovelace').expect(400);
    expect(nameOnly.body.code).toBe('VALIDATION_FAILED');
    const clinician = await t.token({ roles: ['clinician'], teams: ['NCT-A'] });
    await as(clinician).get(`/patients?search=${a}`).expect(403);
    const searches = await as(auditor).get(`/audit-events?nhsNumber=${a}`).expect(200);
    expect(searches.body.items.filter((e: { action: string }) => e.action === 'patient.search')).toHaveLength(2);
  });

  it("a GP searches their practice's registered patients only: someone registered elsewhere is simply not found", async () => {
    const ours = await createPatient(t, { givenName: 'Ada', gpPracticeOds: 'P00001' });
    const elsewhere = await createPatient(t, { givenName: 'Annie', gpPracticeOds: 'P00002' });
    const gp = await t.token({ sub: 'gp-1', roles: ['gp'], org: 'P00001' });
    const byName = await as(gp).get('/patients?search=Lovelace 1940-12-10').expect(200);
    expect(byName.body.items.map((p: { nhsNumber: string }) => p.nhsNumber)).toEqual([ours]);
    // the same empty answer for a number registered elsewhere as for one the service does not hold
    expect((await as(gp).get(`/patients?search=${elsewhere}`).expect(200)).body).toEqual({ items: [], nextCursor: null });
    expect((await as(gp).get(`/patients?search=${ours}`).expect(200)).body.items).toHaveLength(1);
    // and the record found opens (the registered practice is related to its patients)
    await as(gp).get(`/patients/${ours}`).expect(200);
    const staff = await t.token({ sub: 'ps-1', roles: ['practice_staff'], org: 'P00002' });
    expect((await as(staff).get('/patients?search=Lovelace 1940-12-10').expect(200)).body.items.map((p: { nhsNumber: string }) => p.nhsNumber)).toEqual([elsewhere]);
    const noPractice = await t.token({ sub: 'gp-2', roles: ['gp'] });
    expect((await as(noPractice).get(`/patients?search=${ours}`).expect(403)).body.code).toBe('FORBIDDEN');
    // each result the GP saw is audited as their search; nothing for the record they did not see
    const gpSearches = async (nhs: string) =>
      (await as(auditor).get(`/audit-events?nhsNumber=${nhs}`).expect(200)).body.items.filter(
        (e: { action: string; actor: { sub: string } }) => e.action === 'patient.search' && e.actor.sub === 'gp-1',
      );
    expect(await gpSearches(ours)).toHaveLength(2);
    expect(await gpSearches(elsewhere)).toHaveLength(0);
  });

  it('refuses a care coordinator team that does not exist and a death before birth', async () => {
    const res = await as(nav)
      .put('/patients/9990000018', patientBody({ careCoordinator: { staffId: 's', name: 'n', teamCode: 'NO-TEAM' }, deceasedAt: '1900-01-01T00:00:00Z' }))
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['careCoordinator.teamCode', 'deceasedAt']);
  });

  it('two concurrent creates of the same new patient leave one record', async () => {
    const results = await Promise.all([as(nav).put('/patients/9990000018', patientBody()), as(nav).put('/patients/9990000018', patientBody())]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM patients');
    expect(rows[0].n).toBe(1);
  });
});
