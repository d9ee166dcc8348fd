import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestApp, createTestApp } from '../support/app';
import { clinician, createPatient } from '../support/factories';
import { admit, createAdmissionWorld, daysAgo } from '../admissions/support';

/** The app's port, listening on an ephemeral one first if it is not yet (for raw HTTP clients). */
async function listening(app: TestApp): Promise<number> {
  const server = app.app.getHttpServer();
  if (!server.listening) await app.app.listen(0, '127.0.0.1');
  return (server.address() as AddressInfo).port;
}

describe('GET /alerts/stream (Server-Sent Events)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  it('streams an alert committed on one instance to an SSE client connected to another', async () => {
    const other = await createTestApp({}, { databaseUrl: t.databaseUrl });
    const port = await listening(other);
    const token = await clinician(t, ['NCT-A']);
    let buffer = '';
    let connected!: () => void;
    let gotAlert!: () => void;
    const ready = new Promise<void>((r) => {
      connected = r;
    });
    const alert = new Promise<void>((r) => {
      gotAlert = r;
    });
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/alerts/stream', headers: { Authorization: token, Accept: 'text/event-stream' } }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.includes(': connected')) connected();
        if (buffer.includes('event: alert')) gotAlert();
      });
    });
    req.on('error', () => undefined);
    req.end();
    try {
      await ready;
      // NCT-A is involved (care coordinator), not merely aligned: it is alerted on admission
      const nhsNumber = await createPatient(t, { careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' } });
      const { body: admission } = await admit(t, { nhsNumber, admittedAt: daysAgo(1).toISOString() });
      await alert;
      const frame = buffer.slice(buffer.indexOf('event: alert')).split('\n\n')[0];
      const data = JSON.parse(frame.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
      expect(data).toMatchObject({ type: 'admission', teamCode: 'NCT-A', nhsNumber, detail: expect.objectContaining({ admissionId: admission.id }) });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'alert.stream'`);
      expect(n).toBe(1);
    } finally {
      req.destroy();
      await other.close();
    }
  });

  it('ends an alert stream when the token expires', async () => {
    const port = await listening(t);
    const token = await t.token({ sub: 'nct-1', roles: ['clinician'], teams: ['NCT-A'] }, { expiresIn: '2s' });
    const ended = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/alerts/stream', headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(ended).toContain(': connected');
  });

  it('ends alert streams when the listening connection is lost, so clients reconnect rather than miss alerts', async () => {
    const port = await listening(t);
    const token = await clinician(t, ['NCT-A']);
    let connected!: () => void;
    const ready = new Promise<void>((r) => {
      connected = r;
    });
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/alerts/stream', headers: { Authorization: token } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (c.includes(': connected')) connected();
        });
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    await ready;
    await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN alert_raised' AND datname = current_database()`);
    await ended;
  });
});
