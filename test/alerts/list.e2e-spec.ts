import { admit, createAdmissionWorld, daysAgo, patientKnownToTwoTeams } from '../admissions/support';
import { TestApp, createTestApp } from '../support/app';
import { clinician } from '../support/factories';
import { inOneMillisecond, pageByPage } from '../support/paging';

describe('GET /alerts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  it('pages through alerts raised within one millisecond, newest first, each once (hazard H18-7)', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await admit(t, { nhsNumber: await patientKnownToTwoTeams(t), admittedAt: daysAgo(1).toISOString() })).status).toBe(201);
    }
    const ids: string[] = (await t.db.query(`SELECT id FROM alerts WHERE team_code = 'NCT-A'`)).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(3);
    // created_at is DEFAULT now(): microseconds, which a Date (and so a cursor built from one) drops.
    const oldestFirst = await inOneMillisecond(t, 'alerts', 'created_at', ids);

    const seen = await pageByPage<Record<string, unknown>>(t, await clinician(t, ['NCT-A']), '/api/v1/alerts?team=NCT-A');
    expect(seen.map((a) => a.id)).toEqual([...oldestFirst].reverse());
    // The exact instant the cursor is built from is not part of the answer.
    for (const alert of seen) expect(Object.keys(alert).sort()).toEqual(['acknowledgedAt', 'acknowledgedBy', 'createdAt', 'detail', 'id', 'nhsNumber', 'status', 'teamCode', 'type']);
  });
});
