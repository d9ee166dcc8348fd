import type { AgendaCandidate } from '../../src/modules/mdt/domain/agenda';
import ICAL from 'ical.js';
import { MdtAgendaRegistry } from '../../src/modules/mdt/mdt-agenda.registry';
import { Clock } from '../../src/common/clock';
import { MdtMetricsRepository } from '../../src/modules/mdt/metrics.repository';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createWorld } from '../support/factories';

const NOW = new Date('2026-02-15T10:00:00Z');
const API = '/api/v1/mdt';

describe('MDT meetings (e2e)', () => {
  let t: TestApp;
  let gpA: string;
  /** Candidates the stand-in sources (admissions, episodes, risk: not built yet) propose. */
  let staged: AgendaCandidate[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    // Stand-in for capabilities built in parallel (admissions, Pro-Active Care, risk): they plug in the same way.
    t.app.get(MdtAgendaRegistry).register({
      name: 'test_stand_in',
      reasons: ['admitted_or_discharged', 'episode_awaiting_assessment_or_agreement', 'twelve_week_review_due', 'high_risk_not_enrolled'],
      candidates: async (_em, q) => (q.practiceOds === 'P00001' ? staged : []),
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    jest.restoreAllMocks();
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(NOW);
    staged = [];
    await createWorld(t);
    gpA = await bearer(t, { sub: 'gp-1', name: 'Dr One', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
  });

  const series = (token: string, body: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`${API}/series`)
      .set('Authorization', token)
      .send({
        practiceOds: 'P00001',
        teamCode: 'NCT-A',
        recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
        startTime: '13:00',
        timezone: 'Europe/London',
        durationMinutes: 90,
        minutesPerPatient: 10,
        coreRoles: ['gp', 'community_nurse', 'social_care'],
        ...body,
      });

  const meeting = async (token: string, body: Record<string, unknown>) =>
    (
      await t
        .http()
        .post(`${API}/meetings`)
        .set('Authorization', token)
        .send({ practiceOds: 'P00001', teamCode: 'NCT-A', durationMinutes: 30, minutesPerPatient: 10, coreRoles: ['gp'], ...body })
        .expect(201)
    ).body;

  it('a monthly series keeps 13:00 London across the clock change, six months ahead', async () => {
    const res = await series(gpA).expect(201);
    expect(res.headers.location).toBe(`/api/v1/mdt/series/${res.body.id}`);
    const got = await t.http().get(`/api/v1/mdt/series/${res.body.id}`).set('Authorization', gpA).expect(200);
    expect(got.body).toMatchObject({ recurrence: 'FREQ=MONTHLY;BYDAY=1TU', startTime: '13:00', timezone: 'Europe/London', firstDate: '2026-02-15' });
    expect(got.body.meetings).toHaveLength(6);
    expect(res.body.meetings.map((m: { start: string }) => m.start)).toEqual([
      '2026-03-03T13:00:00.000Z',
      '2026-04-07T12:00:00.000Z',
      '2026-05-05T12:00:00.000Z',
      '2026-06-02T12:00:00.000Z',
      '2026-07-07T12:00:00.000Z',
      '2026-08-04T12:00:00.000Z',
    ]);
    const list = await t.http().get(`${API}/meetings?practice=P00001&from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z`).set('Authorization', gpA).expect(200);
    expect(list.body.items.map((m: { end: string }) => m.end)).toEqual(['2026-03-03T14:30:00.000Z', '2026-04-07T13:30:00.000Z']);
    expect(list.body.items[0]).toMatchObject({ practiceOds: 'P00001', teamCode: 'NCT-A', status: 'scheduled', attendees: [], quorate: false, capacity: 9 });

    // Generating again adds nothing; moving and cancelling one keeps it out of regeneration.
    const [first, second] = res.body.meetings;
    await t.http().patch(`${API}/meetings/${first.id}`).set('Authorization', gpA).send({ start: '2026-03-10T13:00:00Z' }).expect(200);
    await t.http().patch(`${API}/meetings/${second.id}`).set('Authorization', gpA).send({ status: 'cancelled', cancelReason: 'Bank holiday cover' }).expect(200);
    const again = await t.http().post(`${API}/series/${res.body.id}/generate`).set('Authorization', gpA).send({}).expect(200);
    expect(again.body.meetings).toEqual([]);
    const moved = await t.http().get(`${API}/meetings/${first.id}`).set('Authorization', gpA).expect(200);
    expect(moved.body.start).toBe('2026-03-10T13:00:00.000Z');
    await t.http().patch(`${API}/meetings/${second.id}`).set('Authorization', gpA).send({ start: '2026-04-08T12:00:00Z' }).expect(409);

    // Other teams neither see nor change it; a team not aligned to the practice cannot set one up.
    const gpB = await bearer(t, { sub: 'gp-2', roles: ['gp'], teams: ['NCT-B'] });
    await t.http().get(`${API}/meetings/${first.id}`).set('Authorization', gpB).expect(404);
    expect((await t.http().get(`${API}/meetings`).set('Authorization', gpB).expect(200)).body.items).toEqual([]);
    expect((await series(gpB).expect(403)).body.code).toBe('FORBIDDEN');
    const both = await bearer(t, { sub: 'gp-3', roles: ['gp'], teams: ['NCT-A', 'NCT-B'] });
    expect((await series(both, { teamCode: 'NCT-B' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await series(gpA, { recurrence: 'FREQ=MINUTELY' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const commissioner = await bearer(t, { sub: 'c-1', roles: ['commissioner'], teams: ['NCT-A'] });
    await t.http().get(`${API}/meetings`).set('Authorization', commissioner).expect(403);
  });

  it('shows quorum and missing roles as attendees are booked and removed', async () => {
    const m = await meeting(gpA, { start: '2026-03-03T13:00:00Z', coreRoles: ['gp', 'community_nurse', 'Social Care'] });
    expect(m).toMatchObject({ quorate: false, missingRoles: ['gp', 'community_nurse', 'social_care'] });
    const add = (staffId: string, role: string) =>
      t.http().post(`${API}/meetings/${m.id}/attendees`).set('Authorization', gpA).send({ staffId, name: `Person ${staffId}`, role }).expect(200);
    expect((await add('gp-1', 'gp')).body).toMatchObject({ quorate: false, missingRoles: ['community_nurse', 'social_care'] });
    await add('cn-1', 'community_nurse');
    const full = await add('sw-1', 'social_care');
    expect(full.body).toMatchObject({ quorate: true, missingRoles: [] });
    expect(full.body.attendees).toHaveLength(3);
    const less = await t.http().delete(`${API}/meetings/${m.id}/attendees/cn-1`).set('Authorization', gpA).expect(200);
    expect(less.body).toMatchObject({ quorate: false, missingRoles: ['community_nurse'] });
  });

  it('refuses to double-book a person into overlapping meetings, also when racing (one wins)', async () => {
    const shared = await bearer(t, { sub: 'cc-1', roles: ['care_coordinator'], teams: ['NCT-A', 'NCT-B'] });
    const a = await meeting(shared, { start: '2026-03-03T13:00:00Z', durationMinutes: 60 });
    const b = await meeting(shared, { practiceOds: 'P00002', teamCode: 'NCT-B', start: '2026-03-03T13:30:00Z', durationMinutes: 60 });
    const c = await meeting(shared, { practiceOds: 'P00002', teamCode: 'NCT-B', start: '2026-03-03T14:00:00Z', durationMinutes: 60 });
    const book = (id: string, staffId = 'pharm-1') =>
      t.http().post(`${API}/meetings/${id}/attendees`).set('Authorization', shared).send({ staffId, name: 'Pat Pharmacist', role: 'pharmacist' });

    await book(a.id).expect(200);
    const clash = await book(b.id).expect(409);
    expect(clash.body.code).toBe('ATTENDEE_CONFLICT');
    await book(c.id).expect(200); // back to back with a (14:00) is fine

    // Racing: four overlapping meetings, one person, all at once.
    const racing = [];
    for (let i = 0; i < 4; i++) racing.push(await meeting(shared, { start: `2026-03-10T1${i}:30:00Z`, durationMinutes: 90 }));
    const answers = await Promise.all(racing.map((m) => book(m.id, 'sw-9')));
    const won = answers.filter((r) => r.status === 200);
    // Meetings 10:30-12:00, 11:30-13:00, 12:30-14:00, 13:30-15:00: at most two disjoint ones can both win.
    expect(answers.every((r) => r.status === 200 || (r.status === 409 && r.body.code === 'ATTENDEE_CONFLICT'))).toBe(true);
    const rows: { during: string }[] = await t.db.query(`SELECT during::text FROM mdt_attendees WHERE staff_id = 'sw-9' AND active ORDER BY during`);
    expect(rows.length).toBe(won.length);
    expect(won.length).toBeGreaterThanOrEqual(1);
    const [{ overlaps }]: { overlaps: number }[] = await t.db.query(
      `SELECT count(*)::int AS overlaps FROM mdt_attendees x JOIN mdt_attendees y ON x.id < y.id AND x.staff_id = y.staff_id AND x.during && y.during WHERE x.active AND y.active`,
    );
    expect(overlaps).toBe(0);

    // Two meetings at the same time, two requests at once: exactly one wins.
    const s1 = await meeting(shared, { start: '2026-03-17T13:00:00Z' });
    const s2 = await meeting(shared, { practiceOds: 'P00002', teamCode: 'NCT-B', start: '2026-03-17T13:00:00Z' });
    const pair = await Promise.all([book(s1.id, 'gp-77'), book(s2.id, 'gp-77')]);
    expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
    // The database itself refuses an overlapping booking that skips the service's friendly check.
    await expect(
      t.db.query(`INSERT INTO mdt_attendees (meeting_id, staff_id, name, role, during, added_by) VALUES ($1, 'gp-77', 'x', 'gp', tstzrange($2, $3), 'x')`, [
        racing[0].id,
        '2026-03-17T13:10:00Z',
        '2026-03-17T13:20:00Z',
      ]),
    ).rejects.toMatchObject({ code: '23P01' });

    // Moving a meeting onto a booked person's other meeting is refused; cancelling frees the slot.
    const moved = await t.http().patch(`${API}/meetings/${c.id}`).set('Authorization', shared).send({ start: '2026-03-03T13:15:00Z' }).expect(409);
    expect(moved.body.code).toBe('ATTENDEE_CONFLICT');
    await t.http().patch(`${API}/meetings/${a.id}`).set('Authorization', shared).send({ status: 'cancelled' }).expect(200);
    const d = await meeting(shared, { practiceOds: 'P00002', teamCode: 'NCT-B', start: '2026-03-03T13:00:00Z', durationMinutes: 45 });
    await book(d.id).expect(200);
  });

  it('builds an explained agenda with every reason, rolls the overflow to the next meeting first, keeps manual items', async () => {
    const ps = [];
    for (let i = 0; i < 7; i++) ps.push(await createPatient(t, { gpPracticeOds: 'P00001' }));
    const other = await createPatient(t, { gpPracticeOds: 'P00002' });
    const ids = new Map<string, string>();
    for (const r of await t.db.query('SELECT id, nhs_number FROM patients')) ids.set(r.nhs_number, r.id);
    // Live data: a care plan overdue review (real table), and one not yet due.
    await t.db.query(`INSERT INTO care_plan_versions (patient_id, version, sections, review_due_at, created_by) VALUES ($1, 1, '{}', '2026-01-10T00:00:00Z', 'x')`, [ids.get(ps[3])]);
    await t.db.query(`INSERT INTO care_plan_versions (patient_id, version, sections, review_due_at, created_by) VALUES ($1, 1, '{}', '2026-09-01T00:00:00Z', 'x')`, [ids.get(ps[5])]);
    await t.db.query(`INSERT INTO care_plan_versions (patient_id, version, sections, review_due_at, created_by) VALUES ($1, 1, '{}', '2026-01-01T00:00:00Z', 'x')`, [ids.get(other)]);
    const cand = (n: string, reason: AgendaCandidate['reason'], priority = 0): AgendaCandidate => ({ patientId: ids.get(n) as string, nhsNumber: n, reason, priority });
    staged = [
      cand(ps[4], 'high_risk_not_enrolled', -0.9),
      cand(ps[6], 'high_risk_not_enrolled', -0.5),
      cand(ps[2], 'twelve_week_review_due'),
      cand(ps[1], 'episode_awaiting_assessment_or_agreement'),
      cand(ps[0], 'admitted_or_discharged'),
    ];
    const m1 = await meeting(gpA, { start: '2026-03-03T13:00:00Z', durationMinutes: 40 }); // capacity 4
    const m2 = await meeting(gpA, { start: '2026-04-07T12:00:00Z', durationMinutes: 30 }); // capacity 3

    const gen = await t.http().post(`${API}/meetings/${m1.id}/agenda/generate`).set('Authorization', gpA).expect(200);
    expect(gen.body.capacity).toBe(4);
    expect(gen.body.items.map((i: { nhsNumber: string; reason: string; minutes: number; order: number }) => [i.nhsNumber, i.reason, i.minutes, i.order])).toEqual([
      [ps[0], 'admitted_or_discharged', 10, 1],
      [ps[1], 'episode_awaiting_assessment_or_agreement', 10, 2],
      [ps[2], 'twelve_week_review_due', 10, 3],
      [ps[3], 'care_plan_overdue_review', 10, 4],
    ]);
    expect(gen.body.items[3].detail).toBe('Review was due 2026-01-10');
    expect(gen.body.items[3].explanation).toMatch(/overdue review/);
    expect(gen.body.overflow.map((i: { nhsNumber: string; reason: string }) => [i.nhsNumber, i.reason])).toEqual([
      [ps[4], 'high_risk_not_enrolled'],
      [ps[6], 'high_risk_not_enrolled'],
    ]);
    // Deterministic: generating again gives the same agenda.
    const again = await t.http().post(`${API}/meetings/${m1.id}/agenda/generate`).set('Authorization', gpA).expect(200);
    expect(again.body.items).toEqual(gen.body.items);
    expect((await t.http().get(`${API}/meetings/${m1.id}/agenda`).set('Authorization', gpA).expect(200)).body.items).toEqual(gen.body.items);

    // Next meeting: the overflow goes first, ahead of a fresh admission.
    staged = [cand(ps[5], 'admitted_or_discharged')];
    const next = await t.http().post(`${API}/meetings/${m2.id}/agenda/generate`).set('Authorization', gpA).expect(200);
    expect(next.body.items.map((i: { nhsNumber: string; source: string }) => [i.nhsNumber, i.source])).toEqual([
      [ps[4], 'rolled_over'],
      [ps[6], 'rolled_over'],
      [ps[5], 'generated'],
    ]);
    expect(next.body.overflow.map((i: { nhsNumber: string }) => i.nhsNumber)).toEqual([ps[3]]);

    // Manual add, remove and reorder; regeneration keeps manual items and leaves removed ones off.
    await t.http().post(`${API}/meetings/${m2.id}/agenda/items`).set('Authorization', gpA).send({ nhsNumber: ps[1], detail: 'Family concerns' }).expect(200);
    await t.http().delete(`${API}/meetings/${m2.id}/agenda/items/${ps[5]}`).set('Authorization', gpA).expect(200);
    // The removal is audited against the patient; a patient no longer on the agenda cannot be removed again.
    const removal: { patient_id: string | null }[] = await t.db.query(`SELECT patient_id FROM audit_events WHERE action = 'mdt.agenda.remove' AND nhs_number = $1`, [ps[5]]);
    expect(removal).toEqual([{ patient_id: expect.any(String) }]);
    expect((await t.http().delete(`${API}/meetings/${m2.id}/agenda/items/${ps[5]}`).set('Authorization', gpA).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const reordered = await t
      .http()
      .post(`${API}/meetings/${m2.id}/agenda/reorder`)
      .set('Authorization', gpA)
      .send({ nhsNumbers: [ps[1], ps[6], ps[4]] })
      .expect(200);
    expect(reordered.body.items.map((i: { nhsNumber: string }) => i.nhsNumber)).toEqual([ps[1], ps[6], ps[4]]);
    await t.http().post(`${API}/meetings/${m2.id}/agenda/reorder`).set('Authorization', gpA).send({ nhsNumbers: [ps[1]] }).expect(400);
    const regen = await t.http().post(`${API}/meetings/${m2.id}/agenda/generate`).set('Authorization', gpA).expect(200);
    expect(regen.body.items.map((i: { nhsNumber: string; source: string }) => [i.nhsNumber, i.source])).toEqual([
      [ps[4], 'rolled_over'],
      [ps[6], 'rolled_over'],
      [ps[1], 'manual'],
    ]);
    expect(regen.body.items.map((i: { nhsNumber: string }) => i.nhsNumber)).not.toContain(ps[5]);
    expect(regen.body.items.flatMap((i: { nhsNumber: string }) => i.nhsNumber)).not.toContain(other);

    // Every patient listed is audited.
    const [{ n }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'mdt.agenda.generate' AND resource_id = $1`, [m1.id]);
    expect(n).toBe(12);
  });

  it('records outcomes: actions become team tasks, the episode moves on, unseen patients refused, the metrics counts', async () => {
    const mine = await createPatient(t, { gpPracticeOds: 'P00001' });
    // A Pro-Active Care episode awaiting plan agreement at the MDT
    const episodeCall = (path: string, b: object) => t.http().post(`/api/v1/proactive-care/episodes${path}`).set('Authorization', gpA).send(b);
    const episodeId: string = (
      await episodeCall('', { nhsNumber: mine, careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' }, accountableGp: 'Dr One' }).expect(201)
    ).body.id;
    await episodeCall(`/${episodeId}/transition`, { to: 'invited' }).expect(200);
    await episodeCall(`/${episodeId}/transition`, { to: 'assessment' }).expect(200);
    await episodeCall(`/${episodeId}/transition`, { to: 'mdt_review', disciplines: ['gp', 'pharmacist_medicines_review'] }).expect(200);
    const elsewhere = await createPatient(t, { gpPracticeOds: 'P00002' });
    const m = await meeting(gpA, { start: '2026-02-10T13:00:00Z' });
    const body = {
      nhsNumber: mine,
      summary: 'Frailty worsening; carer strain.',
      decisions: ['Refer to falls prevention', 'Start Pro-Active Care'],
      actions: [
        { description: 'Medicines review', ownerStaffId: 'pharm-1', dueDate: '2026-02-24' },
        { description: 'Carer assessment', ownerStaffId: 'sw-1', dueDate: '2026-03-03' },
      ],
      carePlanAgreed: true,
      episodeTransition: { to: 'active', reason: 'Plan agreed at MDT' },
    };
    // An illegal move refuses the whole outcome and changes nothing
    const illegal = await t.http().post(`${API}/meetings/${m.id}/outcomes`).set('Authorization', gpA).send({ ...body, episodeTransition: { to: 'completed' } }).expect(409);
    expect(illegal.body.code).toBe('INVALID_TRANSITION');
    expect((await t.db.query('SELECT count(*)::int AS n FROM mdt_outcomes'))[0].n).toBe(0);

    // carePlanAgreed needs a plan to agree to
    const noPlan = await t.http().post(`${API}/meetings/${m.id}/outcomes`).set('Authorization', gpA).send(body).expect(400);
    expect(noPlan.body.errors).toEqual([{ field: 'carePlanAgreed', message: 'the patient has no anticipatory care plan yet' }]);
    await t.http().put(`/api/v1/patients/${mine}/care-plan`).set('Authorization', gpA).send({ goals: 'Stay at home' }).expect(201);

    const res = await t.http().post(`${API}/meetings/${m.id}/outcomes`).set('Authorization', gpA).send(body).expect(201);
    // the MDT's agreement is on the plan (still needing the GP and patient side to be agreed)
    const plan = await t.http().get(`/api/v1/patients/${mine}/care-plan`).set('Authorization', gpA).expect(200);
    expect(plan.body).toMatchObject({ status: 'draft', agreements: [expect.objectContaining({ role: 'mdt', name: 'MDT meeting 2026-02-10' })] });
    expect(res.body).toMatchObject({
      nhsNumber: mine,
      discussedAt: '2026-02-10T13:00:00.000Z',
      carePlanAgreed: true,
      episodeTransition: { episodeId, to: 'active', applied: true },
    });
    const episode = await t.http().get(`/api/v1/proactive-care/episodes/${episodeId}`).set('Authorization', gpA).expect(200);
    expect(episode.body).toMatchObject({ status: 'active', plannedEndAt: expect.any(String) });
    expect(res.body.actions.every((a: { taskId: string | null }) => a.taskId)).toBe(true);
    const tasks = await t.http().get('/api/v1/tasks?team=NCT-A').set('Authorization', gpA).expect(200);
    expect(tasks.body.items.map((x: { type: string; title: string; nhsNumber: string; dueAt: string; source: { type: string } }) => [x.type, x.title, x.nhsNumber, x.dueAt, x.source.type])).toEqual([
      ['mdt_action', 'Medicines review', mine, '2026-02-24T17:00:00.000Z', 'mdt_outcome'],
      ['mdt_action', 'Carer assessment', mine, '2026-03-03T17:00:00.000Z', 'mdt_outcome'],
    ]);
    expect((await t.http().post(`${API}/meetings/${m.id}/outcomes`).set('Authorization', gpA).send(body).expect(409)).body.code).toBe('MDT_OUTCOME_EXISTS');
    expect((await t.http().post(`${API}/meetings/${m.id}/outcomes`).set('Authorization', gpA).send({ ...body, episodeTransition: { to: 'flying' } }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    const read = await t.http().get(`${API}/meetings/${m.id}/outcomes/${mine}`).set('Authorization', gpA).expect(200);
    expect(read.body.decisions).toEqual(body.decisions);

    // A patient the user cannot see: refused like any patient access (404), audited as denied, nothing written.
    const refused = await t.http().post(`${API}/meetings/${m.id}/outcomes`).set('Authorization', gpA).send({ ...body, nhsNumber: elsewhere }).expect(404);
    expect(refused.body.code).toBe('PATIENT_NOT_FOUND');
    const audit: { action: string; outcome: string }[] = await t.db.query(`SELECT action, outcome FROM audit_events WHERE nhs_number = $1 AND action LIKE 'mdt.%'`, [elsewhere]);
    expect(audit).toEqual([{ action: 'mdt.outcome.record', outcome: 'denied' }]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM mdt_outcomes'))[0].n).toBe(1);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE nhs_number = $1 AND action = 'mdt.outcome.record' AND outcome = 'allowed'`, [mine]))[0].n).toBe(1);

    const metrics = await t.app
      .get(MdtMetricsRepository)
      .counts(t.db.manager, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') }, new Date('2026-03-01T00:00:00Z'));
    expect(metrics).toEqual({ meetingsHeld: 1, quorate: 0, patientsDiscussed: 1, actionsOverdue: 1 });
  });

  it('serves a parseable iCalendar for the meeting', async () => {
    const m = await meeting(gpA, { start: '2026-04-07T12:00:00Z', durationMinutes: 90 });
    await t.http().post(`${API}/meetings/${m.id}/attendees`).set('Authorization', gpA).send({ staffId: 'gp-1', name: 'Dr One, GP', role: 'gp' }).expect(200);
    const res = await t.http().get(`${API}/meetings/${m.id}/calendar.ics`).set('Authorization', gpA).buffer(true).parse((r, cb) => {
      let s = '';
      r.on('data', (c: Buffer) => {
        s += c.toString('utf8');
      });
      r.on('end', () => cb(null, s));
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text = res.body as string;
    expect(text.split('\r\n')).toEqual(expect.arrayContaining(['DTSTART:20260407T120000Z', 'DTEND:20260407T133000Z', 'DTSTAMP:20260215T100000Z']));
    const ev = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent') as ICAL.Component;
    expect(ev.getFirstPropertyValue('uid')).toContain(m.id);
    expect((ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2026-04-07T12:00:00.000Z');
    expect(ev.getAllProperties('attendee').map((p) => p.getParameter('cn'))).toEqual(['Dr One, GP']);
    await t.http().get(`${API}/meetings/${m.id}/calendar.ics`).expect(401);
  });
});
