import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDispatcher } from '../../src/modules/webhooks/webhook-dispatcher.service';
import { verifySignature } from '../../src/modules/webhooks/domain/signature';
import { OutboxService } from '../../src/modules/webhooks/outbox.service';
import { TestApp, createTestApp } from '../support/app';
import { adminToken, clinician, createPatient, createReferral, referralBody, triageReferral } from '../support/factories';
import { admit, createAdmissionWorld, daysAgo, dischargeCoordinator } from '../admissions/support';
import { inOneMillisecond, pageByPage } from '../support/paging';

const SECRET = 'receiver-shared-secret-0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver answering each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('webhooks from the transactional outbox', () => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });
  afterEach(() => hook?.close());

  async function register(url: string, events: string[] = ['admission.created']) {
    return t.http().post('/api/v1/webhooks').set('Authorization', `Bearer ${await adminToken(t)}`).send({ url, events, secret: SECRET });
  }

  const hours = (h: number) => new Date(Date.now() + h * 3_600_000);

  it('retries a failing receiver with backoff, signs every delivery, logs every attempt and replays on request', async () => {
    hook = await receiver([500, 503]);
    const created = await register(hook.url);
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await t.http().get(`/api/v1/webhooks/${created.body.id}`).set('Authorization', `Bearer ${await adminToken(t)}`)).body)).not.toContain(SECRET);

    const nhsNumber = await createPatient(t);
    const { body: admission } = await admit(t, { nhsNumber });
    expect(hook.received).toHaveLength(0); // the request never waits for the receiver

    const dispatcher = t.app.get(WebhookDispatcher);
    expect(await dispatcher.runOnce()).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(await dispatcher.runOnce()).toEqual({ claimed: 0, delivered: 0, failed: 0 }); // backing off
    expect(await dispatcher.runOnce(hours(1))).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(await dispatcher.runOnce(hours(3))).toEqual({ claimed: 1, delivered: 1, failed: 0 });

    expect(hook.received).toHaveLength(3);
    const last = hook.received[2];
    expect(verifySignature(SECRET, last.body, last.headers['x-signature'] as string)).toBe(true);
    const event = JSON.parse(last.body);
    expect(event).toMatchObject({ type: 'admission.created', data: { admissionId: admission.id, hospitalOds: 'RHOSP1', readmission: false } });
    expect(last.body).not.toContain(nhsNumber); // events carry no patient identifiers
    expect(last.headers['x-event-id']).toBe(event.id);
    expect(new Set(hook.received.map((r) => r.headers['x-event-id'])).size).toBe(1);

    const admin = `Bearer ${await adminToken(t)}`;
    const log = await t.http().get(`/api/v1/webhooks/${created.body.id}/deliveries`).set('Authorization', admin).expect(200);
    expect(log.body.items).toEqual([expect.objectContaining({ event: 'admission.created', eventId: event.id, attempt: 3, status: 'delivered', responseStatus: 200 })]);
    expect(log.body.items[0].attempts.map((a: { outcome: string; responseStatus: number }) => [a.outcome, a.responseStatus])).toEqual([
      ['failed', 500],
      ['failed', 503],
      ['delivered', 200],
    ]);

    const replayed = await t.http().post(`/api/v1/webhooks/deliveries/${log.body.items[0].id}/replay`).set('Authorization', admin).expect(200);
    expect(replayed.body.status).toBe('pending');
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1 });
    expect(hook.received).toHaveLength(4);
    expect(hook.received[3].body).toBe(last.body);
  });

  it('logs a refused connection as a failed attempt and keeps the delivery pending', async () => {
    hook = await receiver();
    const url = hook.url;
    await hook.close(); // nothing listens there any more
    await register(url);
    await admit(t, { nhsNumber: await createPatient(t) });
    expect(await t.app.get(WebhookDispatcher).runOnce()).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    const [attempt] = await t.db.query('SELECT outcome, response_status, error FROM webhook_delivery_attempts');
    expect(attempt).toEqual({ outcome: 'failed', response_status: null, error: 'unreachable' });
    const [delivery] = await t.db.query('SELECT status, attempts FROM webhook_deliveries');
    expect(delivery).toEqual({ status: 'pending', attempts: 1 });
  });

  it('never makes a request wait for a slow receiver', async () => {
    const held: (() => void)[] = [];
    const server = createServer((req, res) => {
      req.resume();
      held.push(() => res.end('late'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await register(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`);
    const running = await createTestApp({ WEBHOOK_DISPATCH_INTERVAL_MS: '20', WEBHOOK_TIMEOUT_MS: '30000' }, { databaseUrl: t.databaseUrl });
    try {
      await admit(t, { nhsNumber: await createPatient(t) });
      while (held.length < 1) await new Promise((r) => setTimeout(r, 20)); // the receiver is now holding a delivery
      const second = await admit(t, { nhsNumber: await createPatient(t) });
      expect(second.status).toBe(201); // answered while the receiver still holds the first delivery
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`);
      expect(n).toBe(0);
    } finally {
      for (const release of held) release();
      // Let the second delivery through too, so the instance closes with nothing in flight.
      for (let i = 0; held.length < 2 && i < 250; i++) await new Promise((r) => setTimeout(r, 20));
      for (const release of held) release();
      await running.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('validates targets and never lets non-admins manage webhooks', async () => {
    const admin = `Bearer ${await adminToken(t)}`;
    const bad = await t.http().post('/api/v1/webhooks').set('Authorization', admin).send({ url: 'ftp://example.org/x', events: ['*'], secret: SECRET });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'url', message: 'must be an http(s) URL' }]);
    const weak = await t.http().post('/api/v1/webhooks').set('Authorization', admin).send({ url: 'https://example.org/x', events: ['nope'], secret: 'short' });
    expect(weak.status).toBe(400);
    const clin = await clinician(t, ['NCT-A']);
    expect((await t.http().post('/api/v1/webhooks').set('Authorization', clin).send({ url: 'https://example.org/x', events: ['*'], secret: SECRET })).status).toBe(403);
  });

  it('records admission.created, alert.raised, referral.triaged and patient.discharged in the outbox, without patient identifiers', async () => {
    // NCT-A is involved (the care coordinator's team), not merely aligned: it is alerted and follows up.
    const nhsNumber = await createPatient(t, { careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' } });
    const referral = await createReferral(t, referralBody({ nhsNumber }));
    await triageReferral(t, referral.id, { decision: 'decline', reason: 'Not eligible' });
    const { body: admission } = await admit(t, { nhsNumber, admittedAt: daysAgo(2).toISOString() });
    await t
      .http()
      .post(`/api/v1/admissions/${admission.id}/discharge`)
      .set('Authorization', await dischargeCoordinator(t))
      .send({ at: daysAgo(1).toISOString(), destination: 'usual_residence' })
      .expect(200);
    const events: { type: string; payload: Record<string, unknown> }[] = await t.db.query('SELECT type, payload FROM outbox_events ORDER BY created_at, type');
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['referral.triaged', 'admission.created', 'alert.raised', 'patient.discharged']));
    expect(events.find((e) => e.type === 'referral.triaged')?.payload).toMatchObject({ referralId: referral.id, decision: 'decline', status: 'declined' });
    expect(events.find((e) => e.type === 'patient.discharged')?.payload).toMatchObject({ admissionId: admission.id, destination: 'usual_residence', teams: ['NCT-A'] });
    expect(types.filter((x) => x === 'alert.raised')).toHaveLength(2); // admission + discharge alerts to NCT-A
    expect(JSON.stringify(events)).not.toContain(nhsNumber);
  });

  it('pages through deliveries made within one millisecond, newest first, each once (hazard H18-7)', async () => {
    const created = await register('https://hooks.example.org/x');
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await admit(t, { nhsNumber: await createPatient(t) })).status).toBe(201);
    const ids: string[] = (await t.db.query('SELECT id FROM webhook_deliveries')).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(3);
    // created_at is DEFAULT now(): microseconds, which a Date (and so a cursor built from one) drops.
    const oldestFirst = await inOneMillisecond(t, 'webhook_deliveries', 'created_at', ids);

    const seen = await pageByPage<{ id: string }>(t, `Bearer ${await adminToken(t)}`, `/api/v1/webhooks/${created.body.id}/deliveries`);
    expect(seen.map((d) => d.id)).toEqual([...oldestFirst].reverse());
    for (const d of seen) expect(d).not.toHaveProperty('cursorAt');
  });

  it('writes an event only when its change commits', async () => {
    await register('https://hooks.example.org/x', ['*']);
    const outbox = t.app.get(OutboxService);
    await expect(
      t.db.transaction(async (em) => {
        await outbox.publish(em, 'alert.raised', { alertId: 'x' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db.query('SELECT id FROM outbox_events')).toEqual([]);
    expect(await t.db.query('SELECT id FROM webhook_deliveries')).toEqual([]);
  });

  it('delivers an event committed by an instance that stopped before delivering it, from a fresh instance', async () => {
    hook = await receiver();
    await register(hook.url);
    const nhsNumber = await createPatient(t);
    // The first instance commits the admission (its dispatcher is off) and stops.
    const first = await createTestApp({}, { databaseUrl: t.databaseUrl });
    const { body: admission } = await admit(first, { nhsNumber });
    await first.close();
    expect(hook.received).toHaveLength(0);

    // A fresh instance with its background dispatcher on delivers it.
    const second = await createTestApp({ WEBHOOK_DISPATCH_INTERVAL_MS: '20' }, { databaseUrl: t.databaseUrl });
    try {
      while (hook.received.length < 1) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await second.close();
    }
    expect(hook.received.map((r) => JSON.parse(r.body).data.admissionId)).toEqual([admission.id]);
    const [{ status }] = await t.db.query('SELECT status FROM webhook_deliveries');
    expect(status).toBe('delivered');
  });

  it('has two dispatchers deliver each event exactly once', async () => {
    hook = await receiver();
    await register(hook.url, ['*']);
    const outbox = t.app.get(OutboxService);
    for (let i = 0; i < 12; i++) await t.db.transaction((em) => outbox.publish(em, 'alert.raised', { alertId: `a-${i}` }));
    const other = await createTestApp({ WEBHOOK_BATCH_SIZE: '5' }, { databaseUrl: t.databaseUrl });
    try {
      const a = t.app.get(WebhookDispatcher);
      const b = other.app.get(WebhookDispatcher);
      const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      const more = await Promise.all([a.runOnce(), b.runOnce()]);
      expect([...results, ...more].reduce((sum, r) => sum + r.delivered, 0)).toBe(12);
    } finally {
      await other.close();
    }
    const ids = hook.received.map((r) => r.headers['x-event-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_delivery_attempts`);
    expect(n).toBe(12);
  });
});
