import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';

/**
 * Issue 12 item 1: a refused patient read was audited on a second pooled connection while the
 * request's transaction still held its first, so concurrency above the pool size deadlocked the
 * pool (every request 500 after the acquire timeout). Refusals are now recorded after the request's
 * transaction has ended: one connection at a time per request.
 */
describe('refused access under concurrency above the pool size', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: '3' });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  it('answers every refusal 404, serves a legitimate reader, and audits every refusal', async () => {
    const nhs = await createPatient(t);
    const stranger = await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] });
    const nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    const refused = Array.from({ length: 30 }, () =>
      t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${stranger}`),
    );
    const legit = t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${nav}`);
    const [navAnswer, ...answers] = await Promise.all([legit, ...refused]);
    expect(navAnswer.status).toBe(200);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 404));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'denied' AND actor_sub = 'cl-b'`);
    expect(n).toBe(30);
  });
});
