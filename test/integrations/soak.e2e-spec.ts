import { Hl7Client } from '@medplum/hl7';
import { MllpListener } from '../../src/modules/integrations/hl7/mllp-listener.service';
import { testRangeNhsNumbers } from '../../src/common/validation/nhs-number';
import { TestApp, createTestApp } from '../support/app';
import { createAdmissionWorld } from '../admissions/support';
import { adt, send } from './support';

/**
 * Soak: 10,000 ADT messages for 2,000 patients across two service instances on one database,
 * through 8 MLLP connections (4 per instance). Each patient's messages go in order, alternating
 * between the instances; every tenth patient's first A01 is also resent (a duplicate). Then the
 * database must hold exactly the admissions the messages imply. Takes a few minutes: run with
 * `npm run test:soak` (SOAK=1); skipped otherwise.
 */
const run = process.env.SOAK === '1' ? describe : describe.skip;
const PATIENTS = Number(process.env.SOAK_PATIENTS ?? 2000);
const CONNECTIONS_PER_INSTANCE = 4;

run('soak: 10,000 ADT messages, 2,000 patients, two instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ DB_POOL_SIZE: '8' });
    await a.truncate();
    await createAdmissionWorld(a);
    b = await createTestApp({ DB_POOL_SIZE: '8' }, { databaseUrl: a.databaseUrl });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('none lost, none doubled, every message acknowledged AA', async () => {
    const ports = [await a.app.get(MllpListener).listen(0, '127.0.0.1'), await b.app.get(MllpListener).listen(0, '127.0.0.1')];
    const numbers = testRangeNhsNumbers(999_500_000);
    const patients = Array.from({ length: PATIENTS }, () => numbers.next().value as string);
    const base = Date.now() - 10 * 86_400_000;
    const clients = ports.flatMap((port) => Array.from({ length: CONNECTIONS_PER_INSTANCE }, () => new Hl7Client({ host: '127.0.0.1', port })));
    const acks: Record<string, number> = {};
    let sent = 0;
    const lanes = clients.length / 2;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < patients.length; i += lanes) {
          const nhsNumber = patients[i];
          const t0 = new Date(base + i * 60_000);
          const h = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
          const messages = [
            adt({ trigger: 'A01', controlId: `${i}-1`, nhsNumber, admitAt: t0, eventAt: t0, ward: 'AMU' }),
            adt({ trigger: 'A02', controlId: `${i}-2`, nhsNumber, ward: 'W12', eventAt: h(2) }),
            adt({ trigger: 'A03', controlId: `${i}-3`, nhsNumber, dischargeAt: h(48), eventAt: h(48), disposition: '19' }),
            adt({ trigger: 'A01', controlId: `${i}-4`, nhsNumber, admitAt: h(100), eventAt: h(100), ward: 'AMU', admissionType: '11' }),
            adt({ trigger: 'A08', controlId: `${i}-5`, nhsNumber, ward: 'W14', eventAt: h(101) }),
          ];
          if (i % 10 === 0) messages.splice(1, 0, messages[0]);
          for (const [k, text] of messages.entries()) {
            // Alternate instances message by message: one patient's stay crosses both.
            const client = clients[(k % 2) * lanes + lane];
            const ack = await send(0, text, client);
            acks[ack.code] = (acks[ack.code] ?? 0) + 1;
            sent++;
          }
        }
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    const duplicates = Math.ceil(PATIENTS / 10);
    expect(sent).toBe(PATIENTS * 5 + duplicates);
    expect(acks).toEqual({ AA: PATIENTS * 5 + duplicates });
    const [counts] = await a.db.query(`SELECT count(*)::int AS total,
        count(*) FILTER (WHERE status = 'discharged' AND destination = 'usual_residence')::int AS discharged,
        count(*) FILTER (WHERE status = 'inpatient' AND ward = 'W14' AND method = 'elective')::int AS inpatient,
        count(DISTINCT patient_id)::int AS patients FROM admissions`);
    expect(counts).toEqual({ total: PATIENTS * 2, discharged: PATIENTS, inpatient: PATIENTS, patients: PATIENTS });
    const [messages] = await a.db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'processed')::int AS processed FROM hl7_messages`);
    expect(messages).toEqual({ n: PATIENTS * 5, processed: PATIENTS * 5 });
    const [{ audits }] = await a.db.query(`SELECT count(*)::int AS audits FROM audit_events WHERE action = 'admission.create' AND actor_sub LIKE 'hl7:%'`);
    expect(audits).toBe(PATIENTS * 2);
  }, 1_800_000);
});
