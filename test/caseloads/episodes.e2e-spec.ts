import { Clock } from '../../src/common/clock';
import { EpisodeReviewService } from '../../src/modules/caseloads/episode-review.service';
import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';
import { coordinator } from './support';

const WEEK = 7 * 24 * 3_600_000;

describe('Pro-Active Care episodes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PROACTIVE_CARE_TEAM_CAPACITY_OVERRIDES: 'NCT-B:1' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    await createWorld(t);
  });

  const cc = (teamCode = 'NCT-A', staffId = 'cc-1') => ({ staffId, name: 'Casey Coordinator', teamCode });
  const open = async (nhsNumber: string, token: string, teamCode = 'NCT-A') =>
    t.http().post('/api/v1/proactive-care/episodes').set('Authorization', token).send({ nhsNumber, careCoordinator: cc(teamCode), accountableGp: 'Dr A Patel' });
  const move = (id: string, token: string, body: Record<string, unknown>, ifMatch?: string) => {
    const req = t.http().post(`/api/v1/proactive-care/episodes/${id}/transition`).set('Authorization', token);
    if (ifMatch) req.set('If-Match', ifMatch);
    return req.send(body);
  };
  /** Walks an episode to mdt_review. */
  async function toMdtReview(id: string, token: string) {
    await move(id, token, { to: 'invited' }).expect(200);
    await move(id, token, { to: 'assessment' }).expect(200);
    await move(id, token, { to: 'mdt_review', disciplines: ['gp', 'pharmacist_medicines_review', 'physio_ot'] }).expect(200);
  }

  it('runs an episode from identification to completion, with the 12-week review task', async () => {
    const nhsNumber = await createPatient(t);
    const token = await coordinator(t);
    const created = await open(nhsNumber, token);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/proactive-care/episodes/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'identified',
      nhsNumber,
      practiceOds: 'P00001',
      careCoordinator: cc(),
      accountableLead: { practiceOds: 'P00001', gp: 'Dr A Patel' },
      plannedEndAt: null,
    });
    const id = created.body.id;

    // The episode gives the coordinator's team a relationship and shows in the single view.
    const view = await t.http().get(`/api/v1/patients/${nhsNumber}`).set('Authorization', token).expect(200);
    expect(view.body.knownTo).toEqual(expect.arrayContaining([{ teamCode: 'NCT-A', relationships: expect.arrayContaining(['proactive_care_episode']) }]));
    expect(view.body.activeEpisode).toMatchObject({ id, status: 'identified', careCoordinator: cc() });

    await toMdtReview(id, token);
    // The plan was agreed an hour before it is recorded.
    const agreedAt = new Date(Date.now() + 3_600_000);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(agreedAt.getTime() + 3_600_000));
    const active = await move(id, token, { to: 'active', at: agreedAt.toISOString() }, `"4"`);
    expect(active.status).toBe(200);
    expect(active.headers.etag).toBe('"5"');
    expect(active.body).toMatchObject({ status: 'active', disciplines: ['gp', 'pharmacist_medicines_review', 'physio_ot'], startedAt: agreedAt.toISOString() });
    expect(new Date(active.body.plannedEndAt).getTime()).toBe(agreedAt.getTime() + 12 * WEEK);

    // Before 12 weeks nothing happens; at 12 weeks the check moves it once, whoever runs it.
    const review = t.app.get(EpisodeReviewService);
    expect(await review.check(new Date(agreedAt.getTime() + 11 * WEEK))).toBe(0);
    const at12 = new Date(agreedAt.getTime() + 12 * WEEK + 1000);
    const moved = await Promise.all([review.check(at12), review.check(at12), review.check(at12)]);
    expect(moved.reduce((a, b) => a + b, 0)).toBe(1);
    const tasks = await t.http().get('/api/v1/tasks?team=NCT-A').set('Authorization', token).expect(200);
    expect(tasks.body.items).toEqual([
      expect.objectContaining({ type: 'proactive_care_review', nhsNumber, teamCode: 'NCT-A', source: { type: 'proactive_care_episode', id }, status: 'open' }),
    ]);
    expect(await review.check(new Date(at12.getTime() + WEEK))).toBe(0);

    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(at12.getTime() + 3600_000));
    const done = await move(id, token, { to: 'completed', reason: 'Goals met; plan shared' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', endedAt: new Date(at12.getTime() + 3600_000).toISOString() });
    const got = await t.http().get(`/api/v1/proactive-care/episodes/${id}`).set('Authorization', token).expect(200);
    expect(got.body.history.map((h: { from: string | null; to: string }) => `${h.from}->${h.to}`)).toEqual([
      'null->identified',
      'identified->invited',
      'invited->assessment',
      'assessment->mdt_review',
      'mdt_review->active',
      'active->review_due',
      'review_due->completed',
    ]);
    expect(got.body.history[5]).toMatchObject({ by: 'system', at: active.body.plannedEndAt });
  });

  it('answers 409 to illegal transitions and changes nothing; 412 on a stale If-Match; one open episode per patient', async () => {
    const nhsNumber = await createPatient(t);
    const token = await coordinator(t);
    const { id, version } = (await open(nhsNumber, token)).body;
    const illegal = await move(id, token, { to: 'active' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe('INVALID_TRANSITION');
    expect((await move(id, token, { to: 'declined' })).status).toBe(400);
    expect((await move(id, token, { to: 'invited' }, '"7"')).status).toBe(412);
    const after = await t.http().get(`/api/v1/proactive-care/episodes/${id}`).set('Authorization', token).expect(200);
    expect(after.body).toMatchObject({ status: 'identified', version });
    expect(after.body.history).toHaveLength(1);

    const second = await open(nhsNumber, token);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('EPISODE_ALREADY_OPEN');
    // Declined: the patient may have a new episode later.
    await move(id, token, { to: 'declined', reason: 'Does not want to take part' }).expect(200);
    expect((await open(nhsNumber, token)).status).toBe(201);
  });

  it('opens one episode when two are requested at once', async () => {
    const nhsNumber = await createPatient(t);
    const token = await coordinator(t);
    const results = await Promise.all([open(nhsNumber, token), open(nhsNumber, token), open(nhsNumber, token)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM proactive_care_episodes');
    expect(n).toBe(1);
  });

  it("enforces the team's active-episode capacity, also when activations race", async () => {
    const b = `Bearer ${await t.token({ sub: 'cc-b', roles: ['care_coordinator'], teams: ['NCT-B'], org: 'TRUST1' })}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const nhsNumber = await createPatient(t, { gpPracticeOds: 'P00002' });
      const created = await open(nhsNumber, b, 'NCT-B');
      expect(created.status).toBe(201);
      await toMdtReview(created.body.id, b);
      ids.push(created.body.id);
    }
    const raced = await Promise.all(ids.map((id) => move(id, b, { to: 'active' })));
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(raced.find((r) => r.status === 409)?.body.code).toBe('CASELOAD_FULL');
    const statuses = await t.db.query(`SELECT status, count(*)::int AS n FROM proactive_care_episodes GROUP BY status ORDER BY status`);
    expect(statuses).toEqual([
      { status: 'active', n: 1 },
      { status: 'mdt_review', n: 2 },
    ]);
    // Completing the active one frees the place.
    const winner = ids[raced.findIndex((r) => r.status === 200)];
    await move(winner, b, { to: 'completed', reason: 'Done early' }).expect(200);
    const next = ids.find((id) => id !== winner) as string;
    expect((await move(next, b, { to: 'active' })).status).toBe(200);
  });

  it('hides an episode from teams without a relationship', async () => {
    const nhsNumber = await createPatient(t);
    const { id } = (await open(nhsNumber, await coordinator(t))).body;
    const stranger = `Bearer ${await t.token({ sub: 'x', roles: ['care_coordinator'], teams: ['NCT-B'] })}`;
    expect((await t.http().get(`/api/v1/proactive-care/episodes/${id}`).set('Authorization', stranger)).status).toBe(404);
    expect((await move(id, stranger, { to: 'invited' })).status).toBe(404);
  });
});
