import { Clock } from '../../src/common/clock';
import { TestApp, createTestApp } from '../support/app';
import {
  clinician,
  createPatient,
  createReferral,
  createReferralWorld,
  createTeam,
  navigator,
  referralBody,
  triageReferral,
} from '../support/factories';

describe('referral pathway', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    await createReferralWorld(t);
  });

  const get = async (id: string, token: string) => t.http().get(`/api/v1/referrals/${id}`).set('Authorization', token);
  const post = async (id: string, action: string, token: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/v1/referrals/${id}/${action}`).set('Authorization', token).send(body);

  it('walks a crisis referral from A&E through triage to rapid response, first contact in time and completion', async () => {
    const nhsNumber = await createPatient(t);
    const nav = await navigator(t);
    const created = await t
      .http()
      .post('/api/v1/referrals')
      .set('Authorization', nav)
      .send(referralBody({ nhsNumber, urgency: 'crisis', source: { type: 'ae', organisationOds: 'ZEKHT', name: 'ED registrar' }, reason: 'Fall, long lie, lives alone' }))
      .expect(201);
    const r = created.body;
    expect(created.headers.location).toBe(`/api/v1/referrals/${r.id}`);
    expect(r).toMatchObject({ status: 'awaiting_triage', urgency: 'crisis', nhsNumber, duplicateOf: null, spoaTeamCode: 'SPOA', needsTracing: false });
    expect(new Date(r.respondBy).getTime() - new Date(r.receivedAt).getTime()).toBe(2 * 3_600_000);

    // The rapid response team has no relationship with the patient yet.
    const rr = await clinician(t, ['RR-DD']);
    expect((await get(r.id, rr)).status).toBe(404);

    const triaged = await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }], notes: 'Needs same-day visit' });
    expect(triaged).toMatchObject({ status: 'accepted', triage: { decision: 'accept', by: 'nav-1', notes: 'Needs same-day visit' }, routedOutOfHours: false });
    expect(triaged.destinations).toEqual([
      expect.objectContaining({ service: 'rapid_response', teamCode: 'RR-DD', status: 'awaiting_acceptance', respondBy: r.respondBy, routingBasis: 'locality', breached: false }),
    ]);

    // Routing gave the receiving team access: the referral and the patient's single view.
    const seen = await get(r.id, rr);
    expect(seen.status).toBe(200);
    expect(seen.headers.etag).toBe(`"${seen.body.version}"`);
    const view = await t.http().get(`/api/v1/patients/${nhsNumber}`).set('Authorization', rr).expect(200);
    expect(view.body.knownTo).toEqual(expect.arrayContaining([{ teamCode: 'RR-DD', relationships: ['open_referral'] }]));
    expect(view.body.openReferrals).toEqual([expect.objectContaining({ id: r.id, status: 'accepted', urgency: 'crisis', destinations: [expect.objectContaining({ teamCode: 'RR-DD' })] })]);

    // The worklist of the team shows it unassigned until accepted.
    const worklist = await t.http().get('/api/v1/referrals?team=RR-DD&unassigned=true').set('Authorization', rr).expect(200);
    expect(worklist.body.items.map((i: { id: string }) => i.id)).toEqual([r.id]);

    const accepted = await post(r.id, 'accept', rr);
    expect(accepted.status).toBe(200);
    expect(accepted.body.destinations[0]).toMatchObject({ status: 'accepted', assignedTo: 'clin-RR-DD' });
    expect(accepted.body.status).toBe('accepted');

    const contactAt = new Date(new Date(r.receivedAt).getTime() + 45 * 60_000);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(contactAt.getTime() + 60_000));
    const contacted = await post(r.id, 'first-contact', rr, { at: contactAt.toISOString() });
    expect(contacted.status).toBe(200);
    expect(contacted.body).toMatchObject({ status: 'in_progress', breached: false });
    expect(contacted.body.destinations[0]).toMatchObject({ status: 'in_progress', firstContactAt: contactAt.toISOString(), breached: false });

    // Long after respondBy the clock stays stopped in time.
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(new Date(r.receivedAt).getTime() + 10 * 3_600_000));
    const done = await post(r.id, 'complete', rr, { outcome: 'remained_at_home', notes: 'Equipment delivered' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', breached: false, closedAt: expect.any(String) });
    expect(done.body.destinations[0]).toMatchObject({ status: 'completed', outcome: 'remained_at_home', breached: false });
    expect(done.body.history.map((h: { action: string; from: string | null; to: string | null }) => [h.action, h.from, h.to])).toEqual([
      ['received', null, 'awaiting_triage'],
      ['triaged', 'awaiting_triage', 'accepted'],
      ['routed', null, 'awaiting_acceptance'],
      ['accepted', 'awaiting_acceptance', 'accepted'],
      ['first_contact', 'accepted', 'in_progress'],
      ['status_changed', 'accepted', 'in_progress'],
      ['completed', 'in_progress', 'completed'],
      ['status_changed', 'in_progress', 'completed'],
    ]);
    expect(done.body.history.every((h: { at: string; by: string }) => h.at && h.by)).toBe(true);

    // Completing again is an illegal move: 409, nothing changes.
    const again = await post(r.id, 'complete', rr, { outcome: 'died' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    const after = await get(r.id, nav);
    expect(after.body.destinations[0].outcome).toBe('remained_at_home');
    expect(after.body.version).toBe(done.body.version);

    // Every read and change is audited.
    const audit: { action: string }[] = await t.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [r.id]);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['referral.create', 'referral.triage', 'referral.read', 'referral.accept', 'referral.first_contact', 'referral.complete']),
    );
  });

  it('returns a routine referral to the referrer with a reason, which stops its clock', async () => {
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'routine' }));
    expect(new Date(r.respondBy).getTime() - new Date(r.receivedAt).getTime()).toBe(7 * 24 * 3_600_000);
    const nav = await navigator(t);
    const noReason = await post(r.id, 'triage', nav, { decision: 'return_to_referrer' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('required') }]);

    const returned = await triageReferral(t, r.id, { decision: 'return_to_referrer', reason: 'Please ask the practice nurse to review first', notes: 'Advice given' });
    expect(returned).toMatchObject({ status: 'returned_to_referrer', closedReason: 'Please ask the practice nurse to review first', destinations: [] });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 30 * 24 * 3_600_000));
    expect((await get(r.id, nav)).body.breached).toBe(false);
    expect((await post(r.id, 'triage', nav, { decision: 'accept', destinations: [{ service: 'social_care' }] })).status).toBe(409);
  });

  it('routes one referral to several services, each with its own team, status and clock', async () => {
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'routine' }));
    const triaged = await triageReferral(t, r.id, {
      decision: 'accept',
      urgency: 'urgent',
      reason: 'Carer breakdown: needs response within a day',
      destinations: [{ service: 'neighbourhood_care_team' }, { service: 'social_care' }, { service: 'falls_prevention', teamCode: 'FALLS' }],
    });
    expect(triaged.urgency).toBe('urgent');
    expect(new Date(triaged.respondBy).getTime() - new Date(r.receivedAt).getTime()).toBe(24 * 3_600_000);
    expect(triaged.destinations.map((d: { service: string; teamCode: string; routingBasis: string }) => [d.service, d.teamCode, d.routingBasis])).toEqual([
      ['neighbourhood_care_team', 'NCT-A', 'practice'],
      ['social_care', 'ASC', 'ccg_wide'],
      ['falls_prevention', 'FALLS', 'named'],
    ]);
    expect(triaged.history.find((h: { action: string }) => h.action === 'urgency_changed')).toMatchObject({ from: 'routine', to: 'urgent', reason: 'Carer breakdown: needs response within a day' });

    const nct = await clinician(t, ['NCT-A']);
    const asc = await clinician(t, ['ASC']);
    const first = await post(r.id, 'first-contact', nct);
    expect(first.body.status).toBe('in_progress');
    expect(first.body.destinations.map((d: { status: string }) => d.status)).toEqual(['in_progress', 'awaiting_acceptance', 'awaiting_acceptance']);
    expect((await post(r.id, 'complete', nct, { outcome: 'remained_at_home' })).body.status).toBe('in_progress');

    // Social care hands its part to another team of the same service; its clock is kept.
    await createTeam(t, { code: 'ASC-2', type: 'social_care', organisationOds: 'TRUST1' });
    const wrongType = await post(r.id, 'reassign', asc, { teamCode: 'NCT-B', reason: 'x' });
    expect(wrongType.status).toBe(400);
    const moved = await post(r.id, 'reassign', asc, { teamCode: 'ASC-2', reason: 'Patient known to the east team' });
    expect(moved.status).toBe(200);
    expect(moved.body.destinations[1]).toMatchObject({ teamCode: 'ASC-2', status: 'awaiting_acceptance', routingBasis: 'reassigned', respondBy: triaged.respondBy });
    // Having handed its part on, the first team no longer knows the patient through this referral.
    expect((await post(r.id, 'accept', asc)).status).toBe(404);

    const asc2 = await clinician(t, ['ASC-2']);
    const falls = await clinician(t, ['FALLS']);
    await post(r.id, 'first-contact', asc2).then((res) => expect(res.status).toBe(200));
    await post(r.id, 'complete', asc2, { outcome: 'signposted' }).then((res) => expect(res.body.status).toBe('in_progress'));
    await post(r.id, 'first-contact', falls).then((res) => expect(res.status).toBe(200));
    const done = await post(r.id, 'complete', falls, { outcome: 'remained_at_home' });
    expect(done.body.status).toBe('completed');
  });

  it('routes to the 24/7 service out of hours and says so', async () => {
    await t.truncate();
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, open: '09:00', close: '17:00' }));
    await createReferralWorld(t, { falls: weekdays, socialCare: weekdays });
    const nhsNumber = await createPatient(t);
    // Wednesday 4 March 2026, 23:00 in London.
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-03-04T23:00:00Z'));
    const crisis = await createReferral(t, referralBody({ nhsNumber, urgency: 'crisis', requestedService: 'falls_prevention' }));
    const triaged = await triageReferral(t, crisis.id, { decision: 'accept', destinations: [{ service: 'falls_prevention' }, { service: 'social_care' }] });
    expect(triaged.routedOutOfHours).toBe(true);
    const [falls, social] = triaged.destinations;
    expect(falls).toMatchObject({ service: 'falls_prevention', teamCode: 'RR-DD', routedOutOfHours: true, routingBasis: 'out_of_hours' });
    expect(falls.routingReason).toMatch(/No falls_prevention team covering the patient is open at 2026-03-04T23:00:00.000Z \(Wed 23:00 Europe\/London\)/);
    expect(social).toMatchObject({ service: 'social_care', teamCode: 'SPOA', routedOutOfHours: true });
    expect(social.routingReason).toMatch(/held by the 24\/7 single point of access SPOA until a social_care team opens/);

    // The same triage at 11:00 on a weekday goes to the teams themselves.
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-03-05T11:00:00Z'));
    const day = await createReferral(t, referralBody({ nhsNumber, urgency: 'crisis' }));
    const dayTriage = await triageReferral(t, day.id, { decision: 'accept', destinations: [{ service: 'falls_prevention' }, { service: 'social_care' }] });
    expect(dayTriage.routedOutOfHours).toBe(false);
    expect(dayTriage.destinations.map((d: { teamCode: string }) => d.teamCode)).toEqual(['FALLS', 'ASC']);

    // The SPoA passes its held part to social care in the morning.
    const moved = await post(crisis.id, 'reassign', await navigator(t), { destinationId: social.id, teamCode: 'ASC', reason: 'Team now open' });
    expect(moved.status).toBe(200);
    expect(moved.body.destinations[1]).toMatchObject({ teamCode: 'ASC', routedOutOfHours: false });
  });

  it('tells the navigator when no team of a service covers the patient', async () => {
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber }));
    const res = await post(r.id, 'triage', await navigator(t), { decision: 'accept', destinations: [{ service: 'mental_health' }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'NO_TEAM_FOR_SERVICE', errors: [{ field: 'destinations.0.service', message: expect.stringMatching(/No mental_health team/) }] });
    expect((await get(r.id, await navigator(t))).body.status).toBe('awaiting_triage');
  });

  it('takes a referral for an unknown patient, flags it for tracing and gives the SPoA a tracing task', async () => {
    const r = await createReferral(
      t,
      referralBody({ patient: { givenName: 'Unknown', familyName: 'Person', dateOfBirth: '1938-02-01', address: { line1: '2 Cliff Road', postcode: 'CT16 1AA' }, gpPracticeOds: 'P00001' } }),
    );
    expect(r).toMatchObject({ status: 'awaiting_triage', nhsNumber: null, needsTracing: true });
    const [patient] = await t.db.query('SELECT nhs_number, needs_tracing FROM patients');
    expect(patient).toEqual({ nhs_number: null, needs_tracing: true });
    const tasks = await t.http().get('/api/v1/tasks?team=SPOA').set('Authorization', await navigator(t)).expect(200);
    expect(tasks.body.items).toEqual([
      expect.objectContaining({ type: 'trace_nhs_number', teamCode: 'SPOA', nhsNumber: null, status: 'open', source: { type: 'referral', id: r.id } }),
    ]);
    // The unknown patient can still be triaged and routed by practice.
    const triaged = await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'neighbourhood_care_team' }] });
    expect(triaged.destinations[0].teamCode).toBe('NCT-A');
    expect(triaged.patient).toMatchObject({ needsTracing: true, familyName: 'Person' });
  });

  it('registers an NHS number it does not know when demographics come with it; 404 without them', async () => {
    const nav = await navigator(t);
    const res = await t.http().post('/api/v1/referrals').set('Authorization', nav).send(referralBody({ nhsNumber: '9990000018' })).expect(404);
    expect(res.body.code).toBe('PATIENT_NOT_FOUND');
    const r = await createReferral(t, referralBody({ nhsNumber: '999 000 0018', patient: { givenName: 'New', familyName: 'Patient', dateOfBirth: '1950-05-05', gpPracticeOds: 'P00002' } }));
    expect(r).toMatchObject({ nhsNumber: '9990000018', needsTracing: false });
  });

  it('accepts a second open referral for the same patient and service, flagged duplicateOf', async () => {
    const nhsNumber = await createPatient(t);
    const first = await createReferral(t, referralBody({ nhsNumber, requestedService: 'falls_prevention' }));
    const second = await createReferral(t, referralBody({ nhsNumber, requestedService: 'falls_prevention', source: { type: 'carer' } }));
    const other = await createReferral(t, referralBody({ nhsNumber, requestedService: 'social_care' }));
    expect(first.duplicateOf).toBeNull();
    expect(second.duplicateOf).toBe(first.id);
    expect(other.duplicateOf).toBeNull();
    // Navigators merge by declining the duplicate with a reason.
    const declined = await triageReferral(t, second.id, { decision: 'decline', reason: `Duplicate of ${first.id}` });
    expect(declined.status).toBe('declined');
  });

  it('lets a navigator act on behalf of the team only where the rules allow', async () => {
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber }));
    const nav = await navigator(t);
    expect((await post(r.id, 'accept', nav)).status).toBe(409); // not routed yet
    await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
    const res = await post(r.id, 'first-contact', nav);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const unrelated = await clinician(t, ['NCT-B']);
    expect((await post(r.id, 'first-contact', unrelated)).status).toBe(404);
    const rr = await clinician(t, ['RR-DD']);
    const future = await post(r.id, 'first-contact', rr, { at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'at', message: 'must not be in the future' }]);
  });

  it('honours If-Match on actions', async () => {
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber }));
    const nav = await navigator(t);
    const stale = await t.http().post(`/api/v1/referrals/${r.id}/triage`).set('Authorization', nav).set('If-Match', '"99"').send({ decision: 'decline', reason: 'x' });
    expect(stale.status).toBe(412);
    const ok = await t.http().post(`/api/v1/referrals/${r.id}/triage`).set('Authorization', nav).set('If-Match', '"1"').send({ decision: 'decline', reason: 'Not eligible' });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
  });
});
