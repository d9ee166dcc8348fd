import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDispatcher } from '../../src/modules/webhooks/webhook-dispatcher.service';
import { TestApp, createTestApp } from '../support/app';
import { adminToken, createPatient } from '../support/factories';
import { admit, createAdmissionWorld } from '../admissions/support';

/** A host name (not a literal, not "localhost") that this machine resolves to loopback. */
function loopbackName(): string {
  for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address?.startsWith('127.')) {
      const name = names.find((n) => n && !/localhost/i.test(n));
      if (name) return name;
    }
  }
  throw new Error('no non-localhost loopback name in /etc/hosts to test with');
}

async function listener() {
  let connections = 0;
  const server: Server = createServer((_req, res) => res.end('ok'));
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => connections, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Issue 12 items 3 and 4: targets were checked as literals at registration only (a name resolving
 * to 127.0.0.1 was connected to), and deactivated webhooks kept delivering.
 */
describe('webhook targets are checked on the resolved address at connect time', () => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof listener>>;
  let admin = '';
  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_ALLOW_HTTP: 'true' });
    admin = await adminToken(t);
  });
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
    hook = await listener();
  });
  afterEach(() => hook.close());
  afterAll(() => t.close());

  const register = (url: string) =>
    t.http().post('/api/v1/webhooks').set('Authorization', `Bearer ${admin}`).send({ url, events: ['admission.created'], secret: 'receiver-shared-secret-0123456789' });

  it('never connects to a host name that resolves to loopback, and logs only the error class', async () => {
    const url = `http://${loopbackName()}:${hook.port}/hook`;
    await register(url).expect(201); // a name passes registration: the check that matters is at connect time
    await admit(t, { nhsNumber: await createPatient(t) });
    expect(await t.app.get(WebhookDispatcher).runOnce()).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(hook.connections()).toBe(0);
    const attempts: { error: string; response_status: number | null }[] = await t.db.query('SELECT error, response_status FROM webhook_delivery_attempts');
    expect(attempts).toEqual([{ error: 'target_refused', response_status: null }]);
  });

  it.each(['[::127.0.0.1]', '[::ffff:127.0.0.1]', '[fec0::1]', '[64:ff9b::7f00:1]', '198.18.0.1', '224.0.0.1'])('refuses the literal %s at registration', async (host) => {
    const res = await register(`http://${host}:${hook.port}/hook`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
  });

  it('stops delivering to a deactivated webhook', async () => {
    const other = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_ALLOW_HTTP: 'true' }, { databaseUrl: t.databaseUrl });
    try {
      const created = await other.http().post('/api/v1/webhooks').set('Authorization', `Bearer ${await adminToken(other)}`)
        .send({ url: `http://127.0.0.1:${hook.port}/hook`, events: ['admission.created'], secret: 'receiver-shared-secret-0123456789' }).expect(201);
      await admit(other, { nhsNumber: await createPatient(other) });
      await other.http().post(`/api/v1/webhooks/${created.body.id}/deactivate`).set('Authorization', `Bearer ${await adminToken(other)}`).expect(200);
      expect(await other.app.get(WebhookDispatcher).runOnce(new Date(Date.now() + 86_400_000))).toEqual({ claimed: 0, delivered: 0, failed: 0 });
      expect(hook.connections()).toBe(0);
      const [d] = await other.db.query('SELECT status FROM webhook_deliveries');
      expect(d.status).toBe('failed');
    } finally {
      await other.close();
    }
  });
});
