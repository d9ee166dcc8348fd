import net from 'node:net';
import { Hl7Client } from '@medplum/hl7';
import { TestApp, createTestApp } from '../support/app';
import { createPatient } from '../support/factories';
import { createAdmissionWorld, daysAgo } from '../admissions/support';
import { adt, send, startListener } from './support';

const VT = String.fromCharCode(0x0b);
const FS_CR = `${String.fromCharCode(0x1c)}\r`;

/** Opens a raw TCP connection, writes `bytes`, and drops it at once (no ACK read). */
async function writeAndDrop(port: number, bytes: string): Promise<void> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  await new Promise<void>((resolve) => socket.write(bytes, () => resolve()));
  socket.destroy();
}

describe('MLLP connections', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    port = await startListener(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  const count = async (sql: string) => (await t.db.query(sql))[0].n as number;

  it('a connection dropped mid-message applies nothing, and the next connection works', async () => {
    const nhsNumber = await createPatient(t);
    const text = adt({ trigger: 'A01', controlId: 'D1', nhsNumber, admitAt: daysAgo(1) });
    await writeAndDrop(port, VT + text.slice(0, Math.floor(text.length / 2)));
    expect(await count('SELECT count(*)::int AS n FROM hl7_messages')).toBe(0);
    // The sender reconnects and sends the whole message.
    expect((await send(port, text)).code).toBe('AA');
    expect(await count('SELECT count(*)::int AS n FROM admissions')).toBe(1);
  });

  it('a connection dropped after sending but before the ACK: the resend is a duplicate, applied once', async () => {
    const nhsNumber = await createPatient(t);
    const text = adt({ trigger: 'A01', controlId: 'D2', nhsNumber, admitAt: daysAgo(1) });
    await writeAndDrop(port, VT + text + FS_CR);
    // Whether or not the first attempt committed before the drop, the resend ends with one admission.
    expect((await send(port, text)).code).toBe('AA');
    expect((await send(port, text)).code).toBe('AA');
    expect(await count('SELECT count(*)::int AS n FROM admissions')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM hl7_messages WHERE status = 'processed'`)).toBe(1);
  });

  it('one client sends several messages on one connection in order, closes, reconnects and carries on', async () => {
    const nhsNumber = await createPatient(t);
    const admitAt = daysAgo(2);
    const client = new Hl7Client({ host: '127.0.0.1', port });
    expect((await send(port, adt({ trigger: 'A01', controlId: 'C1', nhsNumber, admitAt, eventAt: admitAt }), client)).code).toBe('AA');
    expect((await send(port, adt({ trigger: 'A02', controlId: 'C2', nhsNumber, ward: 'W2', eventAt: new Date(admitAt.getTime() + 3_600_000) }), client)).code).toBe('AA');
    await client.close();
    const again = new Hl7Client({ host: '127.0.0.1', port });
    const dischargeAt = new Date(admitAt.getTime() + 7_200_000);
    expect((await send(port, adt({ trigger: 'A03', controlId: 'C3', nhsNumber, dischargeAt, eventAt: dischargeAt, disposition: '19' }), again)).code).toBe('AA');
    await again.close();
    const [a] = await t.db.query('SELECT status, ward FROM admissions');
    expect(a).toEqual({ status: 'discharged', ward: 'W2' });
  });

  it('the same control id arriving at two connections at once takes effect once', async () => {
    // Involved through a named care coordinator, so the admission alerts exactly one team once.
    const nhsNumber = await createPatient(t, { careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' } });
    const text = adt({ trigger: 'A01', controlId: 'P1', nhsNumber, admitAt: daysAgo(1) });
    const acks = await Promise.all([send(port, text), send(port, text), send(port, text)]);
    expect(acks.map((a) => a.code)).toEqual(['AA', 'AA', 'AA']);
    expect(await count('SELECT count(*)::int AS n FROM admissions')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM alerts WHERE type = 'admission'`)).toBe(1);
  });
});
