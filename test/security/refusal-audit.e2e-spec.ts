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

/** Issue 12 item 8: refusals outside the patient gate (tasks, alerts, meetings, imports) left no audit row. */
describe('not-found answers on patient-linked resources are audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(() => t.truncate());
  afterAll(() => t.close());

  it.each([
    ['post', '/tasks/00000000-0000-4000-8000-000000000001/complete', { outcome: 'done' }, 'TASK_NOT_FOUND'],
    ['post', '/alerts/00000000-0000-4000-8000-000000000002/acknowledge', {}, 'ALERT_NOT_FOUND'],
    ['get', '/mdt/meetings/00000000-0000-4000-8000-000000000003', undefined, 'MDT_MEETING_NOT_FOUND'],
    ['get', '/mdt/meetings/00000000-0000-4000-8000-000000000004/outcomes/9990000018', undefined, 'MDT_MEETING_NOT_FOUND'],
    ['get', '/risk-scores/imports/00000000-0000-4000-8000-000000000005', undefined, 'RISK_IMPORT_NOT_FOUND'],
  ] as const)('%s %s -> 404 %s with a denied audit event', async (method, path, body, code) => {
    const token = await t.token({ sub: 'cl-x', roles: ['clinician', 'gp', 'care_coordinator'], teams: ['NCT-X'], org: 'P00009' });
    const req = t.http()[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
    const res = await (body ? req.send(body) : req);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code });
    const rows: { outcome: string; resource_id: string; actor_sub: string }[] = await t.db.query(
      `SELECT outcome, resource_id, actor_sub FROM audit_events WHERE correlation_id = $1`,
      [res.body.correlationId],
    );
    expect(rows).toEqual([expect.objectContaining({ outcome: 'denied', actor_sub: 'cl-x' })]);
    expect(rows[0].resource_id).toContain((/[0-9a-f-]{36}/.exec(path) as RegExpExecArray)[0]);
  });
});
