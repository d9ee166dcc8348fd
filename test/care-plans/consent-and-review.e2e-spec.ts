import { CarePlanReviewsService } from '../../src/modules/care-plans/care-plan-reviews.service';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createTeam, createWorld } from '../support/factories';

describe('care plan consent, break-glass and review tasks', () => {
  let t: TestApp;
  let reviews: CarePlanReviewsService;
  let gpA: string;
  let idt: string;
  let nurseB: string;
  let nav: string;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    reviews = t.app.get(CarePlanReviewsService);
    gpA = await bearer(t, { sub: 'gp-a', name: 'Dr Gwen Practice', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
    // A discharge coordinator finds anyone (read-any) and wrote the plan: the authoring team.
    idt = await bearer(t, { sub: 'idt-1', name: 'Dee Discharge', roles: ['discharge_coordinator'], teams: ['IDT'], org: 'TRUST1' });
    // Team B is the care coordinator's team: a legitimate relationship, but not practice or author.
    nurseB = await bearer(t, { sub: 'nurse-b', name: 'Ben Nurse', roles: ['clinician'], teams: ['NCT-B'], org: 'TRUST1' });
    nav = await bearer(t, { sub: 'nav-1', name: 'Nora Navigator', roles: ['care_navigator'], teams: ['SPOA'], org: 'TRUST1' });
    auditor = await bearer(t, { sub: 'aud-1', roles: ['auditor'] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
    await createTeam(t, { code: 'IDT', type: 'integrated_discharge_team', organisationOds: 'TRUST1' });
  });

  const url = (nhs: string, rest = '') => `/api/v1/patients/${nhs}${rest}`;
  const get = (token: string, path: string) => t.http().get(path).set('Authorization', token);
  const consent = (token: string, nhs: string, decision: string) =>
    t
      .http()
      .put(url(nhs, '/consent'))
      .set('Authorization', token)
      .send({ decision, scope: 'care_plan_sharing', recordedBy: 'Dr Gwen Practice', recordedAt: '2026-01-10T11:00:00+00:00', notes: 'Asked at home visit' });

  async function planFor(nhs: string) {
    await t.http().put(url(nhs, '/care-plan')).set('Authorization', idt).send({ goals: 'Home for Christmas', reviewDueAt: '2099-01-01T00:00:00Z' }).expect(201);
  }

  it('when declined, hides the plan from other teams (404) but not from the practice and authoring teams', async () => {
    const nhs = await createPatient(t, { careCoordinator: { staffId: 'cc-b', name: 'Cara', teamCode: 'NCT-B' } });
    await planFor(nhs);
    // before any decision the plan is shared with everyone who may see the patient
    for (const token of [gpA, idt, nurseB, nav]) await get(token, url(nhs, '/care-plan')).expect(200);

    const recorded = await consent(gpA, nhs, 'declined').expect(201);
    expect(recorded.body).toMatchObject({ decision: 'declined', scope: 'care_plan_sharing', recordedBy: 'Dr Gwen Practice', recordedAt: '2026-01-10T11:00:00.000Z', createdBy: 'gp-a' });

    await get(gpA, url(nhs, '/care-plan')).expect(200);
    await get(idt, url(nhs, '/care-plan')).expect(200);
    for (const path of ['/care-plan', '/care-plan/versions', '/care-plan/versions/1']) {
      const hidden = await get(nurseB, url(nhs, path)).expect(404);
      expect(hidden.body.code).toBe('PATIENT_NOT_FOUND');
      await get(nav, url(nhs, path)).expect(404);
    }
    await get(nav, url(nhs, '/care-plan')).set('Accept', 'application/fhir+json').expect(404);
    // nor can another team write the plan or flip the decision
    await t.http().put(url(nhs, '/care-plan')).set('Authorization', nurseB).set('If-Match', '"1"').send({ goals: 'x' }).expect(404);
    await consent(nurseB, nhs, 'granted').expect(404);
    // the patient's record itself still follows the ordinary rule; the single view shows no plan contents
    const view = await get(nurseB, url(nhs)).expect(200);
    expect(view.body.carePlan).toEqual(expect.objectContaining({ version: 1, status: 'draft', sharingConsent: 'declined' }));
    expect(JSON.stringify(view.body)).not.toContain('Home for Christmas');

    const audit = await get(auditor, `/api/v1/audit-events?nhsNumber=${nhs}&actor=nurse-b`).expect(200);
    expect(audit.body.items).toContainEqual(expect.objectContaining({ action: 'care_plan.read', outcome: 'denied' }));

    // granted again: shared again
    await consent(gpA, nhs, 'granted').expect(200);
    await get(nurseB, url(nhs, '/care-plan')).expect(200);
    const decision = await get(nurseB, url(nhs, '/consent')).expect(200);
    expect(decision.body).toMatchObject({ decision: 'granted', history: [{ decision: 'granted' }, { decision: 'declined' }] });
  });

  it('opens a declined plan by break-glass with a reason: audited with the reason, the practice team alerted', async () => {
    const nhs = await createPatient(t);
    await planFor(nhs);
    await consent(gpA, nhs, 'declined').expect(201);
    await get(nav, url(nhs, '/care-plan')).expect(404);
    const res = await get(nav, url(nhs, '/care-plan')).set('X-Access-Reason', 'Crisis call at 3am, patient unresponsive').expect(200);
    expect(res.body.goals).toBe('Home for Christmas');

    const audit = await get(auditor, `/api/v1/audit-events?nhsNumber=${nhs}&actor=nav-1`).expect(200);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'care_plan.read', resourceType: 'care_plan', outcome: 'break_glass', reason: 'Crisis call at 3am, patient unresponsive' }),
    );
    const alerts = await get(gpA, '/api/v1/alerts?team=NCT-A').expect(200);
    expect(alerts.body.items).toContainEqual(
      expect.objectContaining({ type: 'break_glass', teamCode: 'NCT-A', nhsNumber: nhs, detail: expect.objectContaining({ by: 'nav-1', reason: 'Crisis call at 3am, patient unresponsive', action: 'care_plan.read' }) }),
    );
  });

  it('treats best interests like granted (shared with the care team)', async () => {
    const nhs = await createPatient(t);
    await planFor(nhs);
    // without the decision maker and the LPA question: refused, nothing recorded
    const missing = await consent(gpA, nhs, 'best_interests').expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['decisionMaker', 'healthAndWelfareLpa']);
    const body = { decision: 'best_interests', scope: 'care_plan_sharing', recordedBy: 'Dr Gwen Practice', recordedAt: '2026-01-10T11:00:00+00:00' };
    // a health and welfare LPA exists: the attorney decides
    const notAttorney = await t.http().put(url(nhs, '/consent')).set('Authorization', gpA).send({ ...body, decisionMaker: 'Dr Gwen Practice, GP', healthAndWelfareLpa: true });
    expect(notAttorney.status).toBe(400);
    expect(notAttorney.body.errors).toEqual([expect.objectContaining({ field: 'decisionMakerIsAttorney' })]);
    const ok = await t
      .http()
      .put(url(nhs, '/consent'))
      .set('Authorization', gpA)
      .send({ ...body, decisionMaker: 'Sam Lovelace (daughter, attorney)', healthAndWelfareLpa: true, decisionMakerIsAttorney: true })
      .expect(201);
    expect(ok.body).toMatchObject({ decision: 'best_interests', decisionMaker: 'Sam Lovelace (daughter, attorney)', healthAndWelfareLpa: true, decisionMakerIsAttorney: true });
    await get(nav, url(nhs, '/care-plan')).expect(200);
  });

  it('rejects malformed consent with problem+json', async () => {
    const nhs = await createPatient(t);
    const res = await t
      .http()
      .put(url(nhs, '/consent'))
      .set('Authorization', gpA)
      .send({ decision: 'maybe', scope: 'everything', recordedBy: '', recordedAt: 'yesterday' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['decision', 'scope', 'recordedBy', 'recordedAt']));
    await get(gpA, url(nhs, '/consent')).expect(404).expect((r) => expect(r.body.code).toBe('CONSENT_NOT_RECORDED'));
  });

  it('creates one care_plan_review_due task per overdue plan, however many checks run at once', async () => {
    const coordinated = await createPatient(t, { careCoordinator: { staffId: 'cc-b', name: 'Cara', teamCode: 'NCT-B' } });
    const uncoordinated = await createPatient(t);
    const later = await createPatient(t);
    const save = (nhs: string, reviewDueAt: string, ifMatch?: string) => {
      const req = t.http().put(url(nhs, '/care-plan')).set('Authorization', gpA);
      if (ifMatch) req.set('If-Match', ifMatch);
      return req.send({ goals: 'Stay well', reviewDueAt });
    };
    await save(coordinated, '2030-01-01T09:00:00Z').expect(201);
    await save(uncoordinated, '2030-01-02T09:00:00Z').expect(201);
    await save(later, '2031-01-01T09:00:00Z').expect(201);

    const now = new Date('2030-06-01T00:00:00Z');
    const results = await Promise.all([reviews.check(now), reviews.check(now), reviews.check(now)]);
    expect(results.reduce((n, r) => n + r.tasks, 0)).toBe(2);
    expect((await reviews.check(now)).tasks).toBe(0);

    const tasks: { type: string; team_code: string; nhs_number: string; due_at: Date }[] = await t.db.query(
      `SELECT t.type, t.team_code, p.nhs_number, t.due_at FROM tasks t JOIN patients p ON p.id = t.patient_id ORDER BY t.due_at`,
    );
    expect(tasks).toEqual([
      { type: 'care_plan_review_due', team_code: 'NCT-B', nhs_number: coordinated, due_at: new Date('2030-01-01T09:00:00Z') },
      { type: 'care_plan_review_due', team_code: 'NCT-A', nhs_number: uncoordinated, due_at: new Date('2030-01-02T09:00:00Z') },
    ]);
    const worklist = await get(gpA, '/api/v1/tasks?team=NCT-A').expect(200);
    expect(worklist.body.items).toEqual([expect.objectContaining({ type: 'care_plan_review_due', nhsNumber: uncoordinated, source: expect.objectContaining({ type: 'care_plan' }) })]);

    // a reviewed plan (new version, new date) is asked about again only when that date passes
    await save(uncoordinated, '2030-12-01T09:00:00Z', '"1"').expect(200);
    expect((await reviews.check(now)).tasks).toBe(0);
    expect((await reviews.check(new Date('2030-12-02T00:00:00Z'))).tasks).toBe(1);
    const view = await get(gpA, url(uncoordinated)).expect(200);
    expect(view.body.carePlan).toMatchObject({ version: 2, reviewDueAt: '2030-12-01T09:00:00.000Z' });
  });

  it('reports aggregate coverage without patient data', async () => {
    const agreedResident = await createPatient(t, { careHomeResident: true });
    const draftResident = await createPatient(t, { careHomeResident: true });
    await createPatient(t, { careHomeResident: true });
    await createPatient(t);
    for (const nhs of [agreedResident, draftResident]) {
      await t.http().put(url(nhs, '/care-plan')).set('Authorization', gpA).send({ goals: 'x', reviewDueAt: '2030-01-01T00:00:00Z' }).expect(201);
    }
    await t.http().post(url(agreedResident, '/care-plan/agreements')).set('Authorization', gpA).send({ role: 'gp', name: 'Dr G', patientInvolved: true }).expect(200);
    // Pro-Active Care patients: episodes in assessment or later count, a merely identified one does not
    const episode = (nhsNumber: string) =>
      t.http().post('/api/v1/proactive-care/episodes').set('Authorization', gpA).send({ nhsNumber, careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' }, accountableGp: 'Dr G' });
    const move = (id: string, to: string) => t.http().post(`/api/v1/proactive-care/episodes/${id}/transition`).set('Authorization', gpA).send({ to });
    const inAssessment = (await episode(agreedResident).expect(201)).body.id;
    await move(inAssessment, 'invited').expect(200);
    await move(inAssessment, 'assessment').expect(200);
    await episode(draftResident).expect(201);
    const c = await reviews.coverage({}, new Date('2029-01-01T00:00:00Z'));
    expect(c).toEqual({
      careHomeResidents: { total: 3, withAgreedPlan: 1, share: 0.3333 },
      proactiveCarePatients: { total: 1, withAgreedPlan: 1, share: 1 },
      plansOverdueReview: 0,
      plans: 2,
    });
    expect((await reviews.coverage({ locality: 'Dover/Deal' }, new Date('2031-01-01T00:00:00Z'))).plansOverdueReview).toBe(2);
    expect((await reviews.coverage({ practice: 'P00002' })).careHomeResidents).toEqual({ total: 0, withAgreedPlan: 0, share: null });
    expect((await reviews.coverage({ practice: 'P00002' })).proactiveCarePatients).toEqual({ total: 0, withAgreedPlan: 0, share: null });

    // what a commissioner gets over HTTP: aggregates only, counts of 1-4 suppressed
    const commissioner = `Bearer ${await t.token({ sub: 'comm-1', roles: ['commissioner'] })}`;
    const res = await get(commissioner, '/api/v1/care-plans/coverage?locality=Dover/Deal').expect(200);
    expect(res.body).toMatchObject({
      careHomeResidents: { total: '<5', withAgreedPlan: '<5', share: null },
      proactiveCarePatients: { total: '<5', withAgreedPlan: '<5', share: null },
      plans: { count: '<5' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/999\d{7}/);
    await get(commissioner, '/api/v1/care-plans/coverage?practice=not valid').expect(400);
  });
});
