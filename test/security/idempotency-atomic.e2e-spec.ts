import { TestApp, createTestApp } from '../support/app';

/**
 * Issue 12 item 2: a key claimed in its own transaction and answered in another could be left
 * "in progress" forever by a crash between the two, and concurrent duplicates got 409 IN_PROGRESS
 * (so clients retried with new keys and created duplicates). The key now commits with the effect.
 * (The kill -9 version of this runs in test/adversarial/crash-replay.)
 */
describe('Idempotency-Key commits atomically with the effect', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: '4' });
    admin = await t.token({ sub: 'admin-1', roles: ['admin'] });
  });
  beforeEach(() => t.truncate());
  afterAll(() => t.close());

  const create = (key: string, body: object) =>
    t.http().post('/api/v1/organisations').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', key).send(body);

  it('answers every concurrent duplicate with the one stored answer (no 409 in progress), above the pool size', async () => {
    const body = { odsCode: 'Z99002', name: 'Castle Hill', type: 'gp_practice' };
    const answers = await Promise.all(Array.from({ length: 12 }, () => create('dup-1', body)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM organisations WHERE ods_code = 'Z99002'`);
    expect(n).toBe(1);
  });

  it('a key left unanswered by a crash of an older version does not block its replay', async () => {
    const body = { odsCode: 'Z99005', name: 'Stuck Surgery', type: 'gp_practice' };
    const first = await create('crash-1', body).expect(201);
    // what a crash between "claim" and "answer" used to leave behind, with no effect committed
    await t.db.query(`DELETE FROM organisations WHERE ods_code = 'Z99005'`);
    await t.db.query(`UPDATE idempotency_keys SET status_code = NULL, response_body = NULL WHERE key = 'crash-1'`);
    const replay = await create('crash-1', body);
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 201, code: undefined });
    expect(replay.body).toMatchObject({ odsCode: first.body.odsCode, name: first.body.name });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE status_code IS NULL`);
    expect(n).toBe(0);
  });

  it('a failed create leaves neither its effect nor its key', async () => {
    await create('bad-1', { odsCode: 'Z99006', name: 'X', type: 'gp_practice' }).expect(201);
    // the same ODS code under a new key conflicts: the whole request rolls back
    const conflict = await create('bad-2', { odsCode: 'Z99006', name: 'Y', type: 'gp_practice' });
    expect(conflict.status).toBe(409);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'bad-2'`);
    expect(n).toBe(0);
  });
});
