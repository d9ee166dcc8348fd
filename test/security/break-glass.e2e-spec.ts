import { TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';

/** Issue 12 item 9: break-glass needs a reason in words, reads only, one alert per user and patient per window. */
describe('break-glass rules', () => {
  let t: TestApp;
  let outsider: string;
  beforeAll(async () => {
    t = await createTestApp();
    outsider = await t.token({ sub: 'cl-b', roles: ['clinician'], teams: ['NCT-B'] });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  const read = (nhs: string, reason: string) =>
    t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${outsider}`).set('X-Access-Reason', reason);

  it.each(['abc', '...', 'a.b.c.d', 'xxxxxxxxxxxxxxxxxxxx', 'fall\tat home today now'])('refuses the reason %j with 400 naming the header, and opens nothing', async (reason) => {
    const nhs = await createPatient(t);
    const res = await read(nhs, reason).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Reason' })]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'break_glass'`);
    expect(n).toBe(0);
  });

  it('does not authorise writes: an unrelated clinician cannot record a consent decision with a reason', async () => {
    const nhs = await createPatient(t);
    const res = await t
      .http()
      .put(`/api/v1/patients/${nhs}/consent`)
      .set('Authorization', `Bearer ${outsider}`)
      .set('X-Access-Reason', 'patient asked me to record this')
      .send({ decision: 'declined', scope: 'care_plan_sharing', recordedBy: 'Dr Outsider', recordedAt: '2026-01-05T10:00:00Z' });
    expect(res.status).toBe(404);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM care_plan_consents');
    expect(n).toBe(0);
  });

  it('audits every break-glass read but raises one alert per user and patient within the window', async () => {
    const nhs = await createPatient(t);
    await read(nhs, 'attending a fall at home').expect(200);
    await read(nhs, 'attending a fall at home').expect(200);
    await read(nhs, 'second visit after the fall').expect(200);
    const [{ audits }] = await t.db.query(`SELECT count(*)::int AS audits FROM audit_events WHERE outcome = 'break_glass'`);
    const [{ alerts }] = await t.db.query(`SELECT count(*)::int AS alerts FROM alerts WHERE type = 'break_glass'`);
    expect({ audits, alerts }).toEqual({ audits: 3, alerts: 1 });
  });
});
