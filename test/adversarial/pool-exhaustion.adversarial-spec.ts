import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';

/**
 * Issue 12 item 1 at scale: concurrency far above DB_POOL_SIZE. Refused reads, legitimate reads
 * and idempotent creates together never exhaust the pool (a request holds one connection at a time).
 */
describe('pool exhaustion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: '3' });
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  it('serves 90 concurrent mixed requests on a pool of 3 (30x) without a 5xx, auditing every refusal', async () => {
    const nhs = await createPatient(t);
    const stranger = await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] });
    const nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    const admin = await t.token({ sub: 'admin-1', roles: ['admin'] });
    const requests = Array.from({ length: 90 }, (_, i) => {
      if (i % 3 === 0) return t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${stranger}`);
      if (i % 3 === 1) return t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${nav}`);
      return t.http().post('/api/v1/organisations').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', `pool-${i}`)
        .send({ odsCode: `X${String(i).padStart(5, '0')}`, name: `Pool ${i}`, type: 'gp_practice' });
    });
    const answers = await Promise.all(requests);
    const statuses = answers.map((a, i) => [i % 3, a.status]);
    expect(statuses.filter(([kind, s]) => (kind === 0 ? s !== 404 : kind === 1 ? s !== 200 : s !== 201))).toEqual([]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'denied' AND actor_sub = 'cl-b'`);
    expect(n).toBe(answers.filter((_, i) => i % 3 === 0).length);
    console.log(`pool-exhaustion: 90 concurrent requests on a pool of 3, 0 failures, ${n} refusals audited`);
  });
});
