import { rankPractice } from '../../src/modules/caseloads/domain/tiers';
import { TestApp, createTestApp } from '../support/app';
import { createWorld, navigator, patientBody } from '../support/factories';
import { coordinator, generatePractice, gp, importJson } from './support';

interface Entry {
  rank: number;
  nhsNumber: string;
  score: number;
  tier: number;
  percentile: number;
  episode: { id: string; status: string } | null;
}

describe('caseloads and who next', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });

  /** 200 patients scored 200..1 except a three-way tie at the top-tier boundary. */
  async function scoredPractice() {
    const nhs = await generatePractice(t, 'P00001', 200);
    const rows = nhs.map((n, i) => ({ nhsNumber: n, score: 200 - i }));
    // Ranks 3, 4 and 5 share one score: the tie-break is the NHS number.
    rows[2].score = 197;
    rows[4].score = 197;
    await importJson(t, await gp(t), { practiceOds: 'P00001', model: 'M', computedAt: '2026-11-01T00:00:00Z', rows }).then((r) => expect(r.status).toBe(201));
    // An older run never outranks the latest.
    await importJson(t, await gp(t), { practiceOds: 'P00001', model: 'M', computedAt: '2026-01-01T00:00:00Z', rows: [{ nhsNumber: nhs[199], score: 10_000 }] });
    return nhs;
  }

  async function all(token: string, query = ''): Promise<Entry[]> {
    const out: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Entry[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/v1/caseloads/P00001?limit=70${query}${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', token)
        .expect(200);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  it('ranks the practice by latest score with competition ranks, a stable tie-break and percentile tiers', async () => {
    const nhs = await scoredPractice();
    const token = await coordinator(t);
    const entries = await all(token);
    expect(entries).toHaveLength(200);
    expect(entries.slice(0, 6).map((e) => [e.rank, e.score])).toEqual([
      [1, 200],
      [2, 199],
      [3, 197],
      [3, 197],
      [3, 197],
      [6, 195],
    ]);
    expect(entries.slice(2, 5).map((e) => e.nhsNumber)).toEqual([nhs[2], nhs[3], nhs[4]].sort());
    expect(entries[199]).toMatchObject({ nhsNumber: nhs[199], score: 1, rank: 200, percentile: 100, tier: 5 });
    // 200 patients: top 0.5% = 1, 0.5-2% = ranks 2-4, 2-5% = 5-10, 5-20% = 11-40, the rest.
    const tiers = [1, 2, 3, 4, 5].map((tier) => entries.filter((e) => e.tier === tier).length);
    // The database ranks exactly as the pure domain rule does.
    const expected = rankPractice([...entries].reverse().map((e) => ({ nhsNumber: e.nhsNumber, score: e.score })));
    expect(entries.map((e) => [e.nhsNumber, e.rank, e.percentile, e.tier])).toEqual(expected.map((r) => [r.item.nhsNumber, r.rank, r.percentile, r.tier]));
    expect(tiers).toEqual([1, 4, 5, 30, 160]);
    expect(entries[0]).toMatchObject({ percentile: 0.5, name: expect.stringMatching(/^Pat Test/), age: expect.any(Number), lastMdtAt: null, careCoordinator: null, episode: null });

    const tier2 = await all(token, '&tier=2');
    expect(tier2.map((e) => e.rank)).toEqual([2, 3, 3, 3]);
    expect((await all(token, '&tier=4')).length).toBe(30);
    expect((await t.http().get('/api/v1/caseloads/P00001?tier=9').set('Authorization', token)).status).toBe(400);

    // Every patient listed is audited.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'caseload.read'`);
    expect(n).toBeGreaterThanOrEqual(200);
  });

  it('filters by episode status and shows the episode and its coordinator', async () => {
    const nhs = await scoredPractice();
    const token = await coordinator(t);
    const created = await t
      .http()
      .post('/api/v1/proactive-care/episodes')
      .set('Authorization', token)
      .send({ nhsNumber: nhs[1], careCoordinator: { staffId: 'cc-1', name: 'Casey Coordinator', teamCode: 'NCT-A' } })
      .expect(201);
    const identified = await all(token, '&status=identified');
    expect(identified).toEqual([expect.objectContaining({ nhsNumber: nhs[1], rank: 2, episode: { id: created.body.id, status: 'identified', plannedEndAt: null } })]);
    expect((identified[0] as unknown as { careCoordinator: unknown }).careCoordinator).toEqual({ staffId: 'cc-1', name: 'Casey Coordinator', teamCode: 'NCT-A' });
    expect((await all(token, '&status=none')).length).toBe(199);
    expect((await all(token, '&status=active')).length).toBe(0);
  });

  it('answers who was high risk on a given day from the score history', async () => {
    const nhs = await generatePractice(t, 'P00001', 3);
    const token = await gp(t);
    const run = (computedAt: string, scores: number[]) =>
      importJson(t, token, { practiceOds: 'P00001', model: 'M', computedAt, rows: nhs.map((n, i) => ({ nhsNumber: n, score: scores[i] })) }).then((r) => expect(r.status).toBe(201));
    await run('2026-05-01T00:00:00Z', [1, 2, 3]);
    await run('2026-08-01T00:00:00Z', [9, 5, 4]);
    const cc = await coordinator(t);
    const order = async (q: string) =>
      ((await t.http().get(`/api/v1/caseloads/P00001${q}`).set('Authorization', cc).expect(200)).body.items as Entry[]).map((e) => [e.nhsNumber, e.score]);
    expect(await order('')).toEqual([[nhs[0], 9], [nhs[1], 5], [nhs[2], 4]]);
    expect(await order('?asOf=2026-06-30T00:00:00Z')).toEqual([[nhs[2], 3], [nhs[1], 2], [nhs[0], 1]]);
    expect(await order('?asOf=2026-01-01T00:00:00Z')).toEqual([]);
    // Another tool's score for one patient: ranking one tool at a time keeps scales apart.
    await t.http().post(`/api/v1/patients/${nhs[2]}/risk-assessments`).set('Authorization', cc).send({ age: 90 }).expect(201);
    expect(await order('?model=M')).toEqual([[nhs[0], 9], [nhs[1], 5]]);
    expect(await order('?model=spoa-points')).toEqual([[nhs[2], 4]]);
    expect(await order('?model=M&asOf=2026-09-01T00:00:00Z')).toEqual([[nhs[0], 9], [nhs[1], 5], [nhs[2], 4]]);
  });

  it('a patient who has died leaves the ranking: not listed, not ranked, not counted as scored', async () => {
    const nhs = await generatePractice(t, 'P00001', 4);
    const rows = nhs.map((n, i) => ({ nhsNumber: n, score: 40 - 10 * i }));
    await importJson(t, await gp(t), { practiceOds: 'P00001', model: 'M', computedAt: '2026-11-01T00:00:00Z', rows }).then((r) => expect(r.status).toBe(201));
    // the highest-risk patient dies (recorded as staff do, on the patient record)
    const diedAt = new Date(Date.now() - 86_400_000).toISOString();
    await t.http().put(`/api/v1/patients/${nhs[0]}`).set('Authorization', await navigator(t)).send(patientBody({ deceasedAt: diedAt })).expect(200);

    const cc = await coordinator(t);
    const res = await t.http().get('/api/v1/caseloads/P00001').set('Authorization', cc).expect(200);
    // before: the living were ranked 2, 3 and 4 of 4, as if the deceased patient still held rank 1
    const expected = rankPractice(rows.slice(1));
    expect((res.body.items as Entry[]).map((e) => [e.nhsNumber, e.rank, e.percentile, e.tier])).toEqual(expected.map((r) => [r.item.nhsNumber, r.rank, r.percentile, r.tier]));
    expect(res.body.population).toEqual({ registered: 3, scored: 3, unscoredInNoTier: 0 });
    const next = await t.http().get('/api/v1/proactive-care/next?practice=P00001&limit=1').set('Authorization', cc).expect(200);
    expect(next.body.items.map((e: Entry) => [e.nhsNumber, e.rank])).toEqual([[nhs[1], 1]]);
  });

  it('who next walks past a long run of patients in episodes, ranked in one population', async () => {
    // 450 patients scored 450..1; the top 420 are in open episodes, so the walk takes several batches
    const nhs = await generatePractice(t, 'P00001', 450);
    const rows = nhs.map((n, i) => ({ nhsNumber: n, score: 450 - i }));
    await importJson(t, await gp(t), { practiceOds: 'P00001', model: 'M', computedAt: '2026-11-01T00:00:00Z', rows }).then((r) => expect(r.status).toBe(201));
    await t.db.query(
      `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, status, status_changed_at, created_by, version)
       SELECT id, 'P00001', 'NCT-A', 'cc-1', 'Casey', 'invited', now(), 'test', 1 FROM patients WHERE nhs_number = ANY($1::text[])`,
      [nhs.slice(0, 420)],
    );
    const cc = await coordinator(t);
    const next = await t.http().get('/api/v1/proactive-care/next?practice=P00001&limit=3').set('Authorization', cc).expect(200);
    const ranked = rankPractice(rows);
    expect(next.body.items.map((e: Entry) => [e.nhsNumber, e.rank, e.percentile, e.tier])).toEqual(
      ranked.slice(420, 423).map((r) => [r.item.nhsNumber, r.rank, r.percentile, r.tier]),
    );
  });

  it('serves an empty practice and refuses teams not aligned to it', async () => {
    const token = await coordinator(t);
    expect((await t.http().get('/api/v1/caseloads/P00001').set('Authorization', token).expect(200)).body).toEqual({ items: [], nextCursor: null, population: { registered: 0, scored: 0, unscoredInNoTier: 0 } });
    expect((await t.http().get('/api/v1/proactive-care/next?practice=P00001').set('Authorization', token).expect(200)).body).toEqual({ items: [] });
    const other = `Bearer ${await t.token({ roles: ['care_coordinator'], teams: ['NCT-B'] })}`;
    expect((await t.http().get('/api/v1/caseloads/P00001').set('Authorization', other)).status).toBe(403);
    const commissioner = `Bearer ${await t.token({ roles: ['commissioner'], teams: ['NCT-A'] })}`;
    expect((await t.http().get('/api/v1/caseloads/P00001').set('Authorization', commissioner)).status).toBe(403);
    expect((await t.http().get('/api/v1/caseloads/NOPE1').set('Authorization', token)).status).toBe(404);
  });

  it('who next: highest risk first, skipping open episodes, completions in 12 months and declines in 6', async () => {
    await scoredPractice();
    const sorted = (await all(await coordinator(t))).map((e) => e.nhsNumber);
    const patientOf = async (nhsNumber: string) => (await t.db.query('SELECT id FROM patients WHERE nhs_number = $1', [nhsNumber]))[0].id as string;
    const episode = async (nhsNumber: string, status: string, endedMonthsAgo: number | null) =>
      t.db.query(
        `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, status, status_changed_at,
           ended_at, created_by, version)
         VALUES ($1, 'P00001', 'NCT-A', 'cc-1', 'Casey', $2, now(), CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(months => $3::int) END, 'test', 1)`,
        [await patientOf(nhsNumber), status, endedMonthsAgo],
      );
    await episode(sorted[0], 'invited', null); // open: skipped
    await episode(sorted[1], 'completed', 3); // completed 3 months ago: skipped
    await episode(sorted[2], 'completed', 13); // completed 13 months ago: eligible
    await episode(sorted[3], 'declined', 2); // declined 2 months ago: skipped
    await episode(sorted[4], 'declined', 7); // declined 7 months ago: eligible
    await episode(sorted[5], 'withdrawn', 1); // withdrawn: eligible
    const res = await t.http().get('/api/v1/proactive-care/next?practice=P00001&limit=4').set('Authorization', await coordinator(t)).expect(200);
    expect(res.body.items.map((i: Entry) => i.nhsNumber)).toEqual([sorted[2], sorted[4], sorted[5], sorted[6]]);
    expect(res.body.items[0]).toMatchObject({ rank: 3, lastCompletedAt: expect.any(String), lastDeclinedAt: null });
  });
});
