import { ReferralBreachesService } from '../../src/modules/referrals/referral-breaches.service';
import { Clock } from '../../src/common/clock';
import { TestApp, createTestApp } from '../support/app';
import { clinician, createPatient, createReferral, createReferralWorld, navigator, referralBody, triageReferral } from '../support/factories';

describe('referrals under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    await createReferralWorld(t);
  });

  it('lets exactly one of two navigators triaging at the same moment succeed; the other gets 409', async () => {
    const nhsNumber = await createPatient(t);
    const r = await createReferral(t, referralBody({ nhsNumber }));
    const [a, b] = [await navigator(t, 'nav-a'), await navigator(t, 'nav-b')];
    const results = await Promise.all([
      t.http().post(`/api/v1/referrals/${r.id}/triage`).set('Authorization', a).send({ decision: 'accept', destinations: [{ service: 'rapid_response' }] }),
      t.http().post(`/api/v1/referrals/${r.id}/triage`).set('Authorization', b).send({ decision: 'decline', reason: 'Not eligible' }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
    const loser = results.find((res) => res.status === 409);
    expect(loser?.body.code).toBe('INVALID_TRANSITION');
    const winner = results.find((res) => res.status === 200);
    const [row] = await t.db.query('SELECT status, version FROM referrals WHERE id = $1', [r.id]);
    expect(row).toEqual({ status: winner?.body.status, version: 2 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM referral_events WHERE referral_id = $1 AND action = 'triaged'`, [r.id]);
    expect(n).toBe(1);
  });

  describe('Idempotency-Key on POST /referrals', () => {
    it('replays the first answer for the same key and body, and refuses the key with another body', async () => {
      const nhsNumber = await createPatient(t);
      const nav = await navigator(t);
      const body = referralBody({ nhsNumber });
      const send = (b: object) => t.http().post('/api/v1/referrals').set('Authorization', nav).set('Idempotency-Key', 'call-42').send(b);
      const first = await send(body);
      const replay = await send(body);
      expect(first.status).toBe(201);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.location).toBe(first.headers.location);
      const reused = await send({ ...body, urgency: 'crisis' });
      expect(reused.status).toBe(409);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM referrals');
      expect(n).toBe(1);
    });
  });

  describe('breach check', () => {
    /** A crisis referral received three hours ago, routed to rapid response, never contacted. */
    async function breachedReferral() {
      const nhsNumber = await createPatient(t);
      const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() - 3 * 3_600_000));
      const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'crisis' }));
      await triageReferral(t, r.id, { decision: 'accept', destinations: [{ service: 'rapid_response' }] });
      clock.mockRestore();
      return { r, nhsNumber };
    }

    it('raises exactly one alert per team however many checks run at once, on however many instances', async () => {
      const { r, nhsNumber } = await breachedReferral();
      const other = await createTestApp({}, { databaseUrl: t.databaseUrl });
      try {
        const checks = [t.app.get(ReferralBreachesService), other.app.get(ReferralBreachesService)];
        const results = await Promise.all([checks[0].check(), checks[1].check(), checks[0].check(), checks[1].check()]);
        expect(results.reduce((sum, x) => sum + x.alerts, 0)).toBe(2);
        expect(results.reduce((sum, x) => sum + x.response, 0)).toBe(1);
        const again = await checks[0].check(new Date(Date.now() + 86_400_000));
        expect(again).toEqual({ triage: 0, response: 0, alerts: 0 });
      } finally {
        await other.close();
      }
      const alerts: { team_code: string; type: string; detail: Record<string, unknown> }[] = await t.db.query(
        `SELECT team_code, type, detail FROM alerts ORDER BY team_code`,
      );
      expect(alerts.map((a) => [a.type, a.team_code])).toEqual([
        ['referral_breach', 'RR-DD'],
        ['referral_breach', 'SPOA'],
      ]);
      expect(alerts[0].detail).toMatchObject({ referralId: r.id, stage: 'response', service: 'rapid_response' });
      expect(JSON.stringify(alerts)).not.toContain(nhsNumber);

      // Flagged in lists and sorted first; visible to the team as an alert.
      const nav = await navigator(t);
      const calm = await createReferral(t, referralBody({ nhsNumber: await createPatient(t), urgency: 'crisis' }));
      const queue = await t.http().get('/api/v1/referrals').set('Authorization', nav).expect(200);
      expect(queue.body.items.map((i: { id: string; breached: boolean }) => [i.id, i.breached])).toEqual([
        [r.id, true],
        [calm.id, false],
      ]);
      const breachedOnly = await t.http().get('/api/v1/referrals?breached=true').set('Authorization', nav).expect(200);
      expect(breachedOnly.body.items.map((i: { id: string }) => i.id)).toEqual([r.id]);
      const teamAlerts = await t.http().get('/api/v1/alerts?team=RR-DD').set('Authorization', await clinician(t, ['RR-DD'])).expect(200);
      expect(teamAlerts.body.items).toEqual([expect.objectContaining({ type: 'referral_breach', nhsNumber, status: 'open' })]);
      const history = (await t.http().get(`/api/v1/referrals/${r.id}`).set('Authorization', nav).expect(200)).body.history;
      expect(history.filter((h: { action: string }) => h.action === 'breached')).toEqual([expect.objectContaining({ by: 'system', teamCode: 'RR-DD' })]);
    });

    it('tells the SPoA when a referral waits for triage past its clock, once', async () => {
      const nhsNumber = await createPatient(t);
      const r = await createReferral(t, referralBody({ nhsNumber, urgency: 'crisis' }));
      const breaches = t.app.get(ReferralBreachesService);
      expect(await breaches.check()).toEqual({ triage: 0, response: 0, alerts: 0 });
      const later = new Date(new Date(r.respondBy).getTime() + 60_000);
      const [a, b] = await Promise.all([breaches.check(later), breaches.check(later)]);
      expect(a.alerts + b.alerts).toBe(1);
      const alerts = await t.db.query(`SELECT team_code, detail->>'stage' AS stage FROM alerts`);
      expect(alerts).toEqual([{ team_code: 'SPOA', stage: 'triage' }]);
    });

    it('a late first contact stays breached; a contact in time never breaches', async () => {
      const { r } = await breachedReferral();
      const rr = await clinician(t, ['RR-DD']);
      const res = await t.http().post(`/api/v1/referrals/${r.id}/first-contact`).set('Authorization', rr).send({}).expect(200);
      expect(res.body.destinations[0]).toMatchObject({ status: 'in_progress', breached: true });
      expect(res.body.history.find((h: { action: string }) => h.action === 'first_contact').detail).toMatchObject({ withinTarget: false });
      expect(await t.app.get(ReferralBreachesService).check()).toMatchObject({ alerts: 0 });
    });
  });
});
