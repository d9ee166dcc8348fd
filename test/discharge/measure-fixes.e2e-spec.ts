import { coordinator, generatePractice, gp, importJson } from '../caseloads/support';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createWorld } from '../support/factories';

/** Fixes to measures that measured the wrong thing (issue 19), each with the case that was wrong. */
describe('measure fixes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });

  it('risk tiers are cut over the registered population: a practice’s one scored patient of 200 is in the top tier, the rest in none', async () => {
    const nhs = await generatePractice(t, 'P00001', 200);
    await importJson(t, await gp(t), { practiceOds: 'P00001', model: 'M', computedAt: '2026-11-01T00:00:00Z', rows: [{ nhsNumber: nhs[0], score: 12 }] }).then((r) =>
      expect(r.status).toBe(201),
    );
    const res = await t.http().get('/api/v1/caseloads/P00001').set('Authorization', await coordinator(t)).expect(200);
    // Before: rank 1 of 1 scored = 100th percentile, tier 5 (the lowest).
    expect(res.body.items).toEqual([expect.objectContaining({ nhsNumber: nhs[0], rank: 1, percentile: 0.5, tier: 1 })]);
    expect(res.body.population).toEqual({ registered: 200, scored: 1, unscoredInNoTier: 199 });
    // The built-in model ranks over the registered population too.
    const assessed = await t.http().post(`/api/v1/patients/${nhs[1]}/risk-assessments`).set('Authorization', await coordinator(t)).send({ age: 90 }).expect(201);
    expect(assessed.body).toMatchObject({ rank: 1, population: 200, percentile: 0.5, tier: 1 });
  });

  /**
   * Plan agreed (active) 1 January 2026; the 12-week review falls due 26 March (day 84). Closing
   * reviews on day 84 (3 episodes) and day 95 (3, within the 14-day tolerance) count; day 100 (late)
   * and an episode completed without an agreed plan do not: 6 of 8. Before the fix (84 days from
   * start, no tolerance) only the day-84 ones counted: 3 of 8.
   */
  it('"completed within 12 weeks" runs from plan agreement to the closing review, with a 14-day tolerance', async () => {
    await generatePractice(t, 'P00001', 8);
    const ids: { id: string }[] = await t.db.query('SELECT id FROM patients ORDER BY nhs_number');
    const episode = (patientId: string, startedAt: string | null, endedAt: string) =>
      t.db.query(
        `INSERT INTO proactive_care_episodes (patient_id, practice_ods, team_code, care_coordinator_staff_id, care_coordinator_name, status, status_changed_at,
           started_at, planned_end_at, ended_at, created_by, version, created_at)
         VALUES ($1, 'P00001', 'NCT-A', 'cc-1', 'Casey', 'completed', $3, $2, $2::timestamptz + interval '84 days', $3, 'test', 1, '2025-12-01')`,
        [patientId, startedAt, endedAt],
      );
    for (let i = 0; i < 3; i++) await episode(ids[i].id, '2026-01-01T10:00:00Z', '2026-03-26T10:00:00Z');
    for (let i = 3; i < 6; i++) await episode(ids[i].id, '2026-01-01T10:00:00Z', '2026-04-06T10:00:00Z');
    await episode(ids[6].id, '2026-01-01T10:00:00Z', '2026-04-11T10:00:00Z');
    await episode(ids[7].id, null, '2026-04-11T10:00:00Z');
    const commissioner = await bearer(t, { sub: 'comm-1', roles: ['commissioner'] });
    const res = await t.http().get('/api/v1/metrics?from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z').set('Authorization', commissioner).expect(200);
    const m = res.body.measures.find((x: { id: string }) => x.id === 'proactive_care.completed_within_12_weeks');
    expect(m).toMatchObject({ numerator: 6, denominator: 8, value: 0.75 });
  });
});
