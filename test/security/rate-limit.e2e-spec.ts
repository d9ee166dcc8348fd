import { Clock } from '../../src/common/clock';
import { RateLimitSweeper } from '../../src/common/rate-limit/rate-limit-sweeper';
import { TestApp, createTestApp } from '../support/app';

/**
 * Issue 12 item 7: the limit is per user (token `sub`) after authentication, per address only for
 * unauthenticated traffic, never on /health, and shared by every instance through PostgreSQL.
 * Each test failed against the old per-instance, per-address-and-route throttler that ran first.
 */
describe('rate limiting per principal, shared across instances', () => {
  const LIMIT = 5;
  // A fixed moment 5 s into a window: the tests never straddle a window boundary.
  const NOW = new Date('2026-03-02T10:00:05Z');
  let t: TestApp;
  let clinician: string;
  let navigator: string;

  const freeze = (app: TestApp, at = NOW) => jest.spyOn(app.app.get(Clock), 'now').mockReturnValue(at);

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    clinician = `Bearer ${await t.token({ sub: 'clin-1', roles: ['clinician'], teams: ['NCT-A'] })}`;
    navigator = `Bearer ${await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] })}`;
  });
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    freeze(t);
  });
  afterAll(() => t.close());

  const get = (app: TestApp, path: string, auth?: string) => {
    const r = app.http().get(path);
    return auth ? r.set('Authorization', auth) : r;
  };

  it('an anonymous flood from one address does not lock out an authenticated user on the same address', async () => {
    const anonymous = [];
    for (let i = 0; i < 3 * LIMIT; i++) anonymous.push((await get(t, '/api/v1/teams')).status);
    expect(anonymous.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(anonymous.slice(LIMIT).every((s) => s === 429)).toBe(true);
    // same address, same route: the clinician has a budget of their own
    for (let i = 0; i < LIMIT; i++) await get(t, '/api/v1/teams', clinician).expect(200);
  });

  it('gives two users separate budgets; past it, 429 problem+json RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < LIMIT; i++) await get(t, '/api/v1/teams', clinician).expect(200);
    const refused = await get(t, '/api/v1/teams', clinician).expect(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // LIMIT+1 hits in this window: the next one fits once this window's weight has slid down
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(55);
    // the budget is per user, not per route: another route is refused too
    const again = await get(t, '/api/v1/alerts', clinician).expect(429);
    // the navigator, from the same address, is untouched
    for (let i = 0; i < LIMIT; i++) await get(t, '/api/v1/teams', navigator).expect(200);
    // once the latest Retry-After has passed (refused requests count too), the clinician is admitted again
    const retryAfter = Number(again.headers['retry-after']);
    freeze(t, new Date(NOW.getTime() + retryAfter * 1000));
    await get(t, '/api/v1/teams', clinician).expect(200);
  });

  it('never throttles /health, and health probes spend nobody’s budget', async () => {
    for (let i = 0; i < 4 * LIMIT; i++) await get(t, '/health').expect(200);
    for (let i = 0; i < LIMIT; i++) await get(t, '/api/v1/teams').expect(401);
    await get(t, '/api/v1/teams').expect(429);
    await get(t, '/health').expect(200);
  });

  it('a request refused with 429 touches nothing (no effect, no idempotency key, no audit)', async () => {
    const admin = `Bearer ${await t.token({ sub: 'admin-1', roles: ['admin'] })}`;
    for (let i = 0; i < LIMIT; i++) await get(t, '/api/v1/teams', admin).expect(200);
    const counts = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM organisations)::int AS orgs, (SELECT count(*) FROM idempotency_keys)::int AS keys,
                  (SELECT count(*) FROM audit_events)::int AS audits`,
        )
      )[0];
    const before = await counts();
    await t
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', admin)
      .set('Idempotency-Key', 'refused-1')
      .send({ odsCode: 'Y90001', name: 'Refused', type: 'gp_practice' })
      .expect(429);
    expect(await counts()).toEqual(before);
  });

  it('two instances on one database share one budget', async () => {
    const second = await createTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) }, { databaseUrl: t.databaseUrl });
    try {
      freeze(second);
      const statuses: number[] = [];
      // alternate between the instances: the old per-instance counters would admit 2 × LIMIT
      for (let i = 0; i < 2 * LIMIT; i++) statuses.push((await get(i % 2 ? second : t, '/api/v1/teams', clinician)).status);
      expect(statuses).toEqual([...Array(LIMIT).fill(200), ...Array(LIMIT).fill(429)]);
      // and anonymous traffic from one address is one budget across instances too
      const anonymous: number[] = [];
      for (let i = 0; i < 2 * LIMIT; i++) anonymous.push((await get(i % 2 ? second : t, '/api/v1/teams')).status);
      expect(anonymous).toEqual([...Array(LIMIT).fill(401), ...Array(LIMIT).fill(429)]);
    } finally {
      await second.close();
    }
  });

  it('counts one statement per request, and the sweep deletes windows nobody reads any more', async () => {
    const queries: string[] = [];
    const query = t.db.query.bind(t.db);
    const spy = jest.spyOn(t.db, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
      queries.push(sql);
      return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest) as never;
    });
    await get(t, '/api/v1/teams').expect(401);
    spy.mockRestore();
    // an anonymous refusal costs exactly the counter's one round trip
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/rate_limit_counters/);

    await get(t, '/api/v1/teams', clinician).expect(200);
    freeze(t, new Date(NOW.getTime() + 60_000));
    await get(t, '/api/v1/teams', clinician).expect(200);
    const windows = async () => Number((await t.db.query('SELECT count(*) AS n FROM rate_limit_counters'))[0].n);
    expect(await windows()).toBe(3); // address (401 above) and clinician in one window, the clinician in the next
    // the window before the current one is still read; only older ones go
    expect(await t.app.get(RateLimitSweeper).runOnce()).toEqual({ deleted: 0 });
    freeze(t, new Date(NOW.getTime() + 120_000));
    expect(await t.app.get(RateLimitSweeper).runOnce()).toEqual({ deleted: 2 });
    expect(await windows()).toBe(1);
  });
});
