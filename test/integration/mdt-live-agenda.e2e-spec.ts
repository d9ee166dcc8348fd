import { TestApp, createTestApp } from '../support/app';
import { bearer, createOrganisation, createPatient, createWorld } from '../support/factories';

/**
 * The MDT agenda built from the other capabilities' live data (no stand-ins): an admission, an
 * episode awaiting agreement, a 12-week review due, a care plan overdue review and a high-risk
 * patient not enrolled all appear with their reasons; the outcome then shows on the caseload.
 */
describe('MDT agenda from live data, and lastMdtAt on the caseload', () => {
  let t: TestApp;
  let gp: string;
  let idt: string;
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
    await createOrganisation(t, { odsCode: 'RHOSP1', type: 'acute_trust' });
    gp = await bearer(t, { sub: 'gp-1', name: 'Dr One', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
    idt = await bearer(t, { sub: 'idt-1', roles: ['discharge_coordinator'], teams: [] });
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: object) => t.http().post(`/api/v1${path}`).set('Authorization', token).send(body);
  const openEpisode = async (nhsNumber: string) =>
    (await post(gp, '/proactive-care/episodes', { nhsNumber, careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' }, accountableGp: 'Dr One' }).expect(201)).body
      .id as string;
  const move = (id: string, to: string, extra: object = {}) => post(gp, `/proactive-care/episodes/${id}/transition`, { to, ...extra }).expect(200);

  it('lists every reason from real sources, and the discussed patient gets lastMdtAt', async () => {
    const patients = await Promise.all(Array.from({ length: 6 }, () => createPatient(t, { gpPracticeOds: 'P00001' })));
    const [pAdmitted, pAwaiting, pReview, pPlan, pHigh] = patients;

    // pAdmitted is known to NCT-A (its care coordinator); pRegisteredOnly is merely registered at the practice.
    const pRegisteredOnly = await createPatient(t, { gpPracticeOds: 'P00001' });
    await t.db.query(`UPDATE patients SET care_coordinator_team_code = 'NCT-A', care_coordinator_staff_id = 'cc-1' WHERE nhs_number = $1`, [pAdmitted]);
    for (const nhsNumber of [pAdmitted, pRegisteredOnly]) {
      await post(idt, '/admissions', { nhsNumber, hospitalOds: 'RHOSP1', method: 'emergency', admittedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }).expect(201);
    }

    const e1 = await openEpisode(pAwaiting);
    await move(e1, 'invited');
    await move(e1, 'assessment');

    const e2 = await openEpisode(pReview);
    await move(e2, 'invited');
    await move(e2, 'assessment');
    await move(e2, 'mdt_review', { disciplines: ['gp'] });
    await move(e2, 'active');
    // twelve weeks have passed (set the clock's result directly rather than wait)
    await t.db.query(`UPDATE proactive_care_episodes SET planned_end_at = now() - interval '1 day' WHERE id = $1`, [e2]);

    await t.http().put(`/api/v1/patients/${pPlan}/care-plan`).set('Authorization', gp).send({ goals: 'Stay at home', reviewDueAt: new Date(Date.now() - 86_400_000).toISOString() }).expect(201);

    // risk: pHigh far above the other five
    await post(gp, '/risk-scores/imports', {
      practiceOds: 'P00001',
      model: 'test-model',
      computedAt: new Date(Date.now() - 86_400_000).toISOString(),
      rows: patients.map((nhsNumber, i) => ({ nhsNumber, score: nhsNumber === pHigh ? 99 : i })),
    }).expect(201);

    const meeting = (await post(gp, '/mdt/meetings', { practiceOds: 'P00001', teamCode: 'NCT-A', start: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 90, minutesPerPatient: 10, coreRoles: ['gp'] }).expect(201)).body;
    const agenda = await post(gp, `/mdt/meetings/${meeting.id}/agenda/generate`, {}).expect(200);
    const reasonOf = new Map<string, string>(agenda.body.items.map((i: { nhsNumber: string; reason: string }) => [i.nhsNumber, i.reason]));
    expect(reasonOf.get(pAdmitted)).toBe('admitted_or_discharged');
    // involvement only: an admission of a patient no team knows is not "admitted since the last meeting"
    expect(reasonOf.has(pRegisteredOnly)).toBe(false);
    expect(reasonOf.get(pAwaiting)).toBe('episode_awaiting_assessment_or_agreement');
    expect(reasonOf.get(pReview)).toBe('twelve_week_review_due');
    expect(reasonOf.get(pPlan)).toBe('care_plan_overdue_review');
    expect(reasonOf.get(pHigh)).toBe('high_risk_not_enrolled');
    // reasons in priority order
    const order = agenda.body.items.map((i: { reason: string }) => i.reason);
    expect(order.indexOf('admitted_or_discharged')).toBeLessThan(order.indexOf('high_risk_not_enrolled'));

    // an outcome for the high-risk patient shows on the practice caseload as lastMdtAt
    await post(gp, `/mdt/meetings/${meeting.id}/outcomes`, { nhsNumber: pHigh, summary: 'Offer Pro-Active Care', decisions: ['Invite'], actions: [] }).expect(201);
    const caseload = await t.http().get('/api/v1/caseloads/P00001').set('Authorization', gp).expect(200);
    const row = caseload.body.items.find((r: { nhsNumber: string }) => r.nhsNumber === pHigh);
    expect(row).toMatchObject({ rank: 1, lastMdtAt: meeting.start });
    expect(caseload.body.items.find((r: { nhsNumber: string }) => r.nhsNumber === pPlan).lastMdtAt).toBeNull();
  });
});
