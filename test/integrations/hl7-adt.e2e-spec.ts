import { Writable } from 'node:stream';
import { InReachService } from '../../src/modules/integrations/inreach/in-reach.service';
import { TestApp, createTestApp } from '../support/app';
import { adminToken, bearer, clinician, createOrganisation, createPatient, createReferral, createTeam, nextNhsNumber, referralBody } from '../support/factories';
import { HOSPITAL, admit, createAdmissionWorld, daysAgo } from '../admissions/support';
import { inOneMillisecond, pageByPage } from '../support/paging';
import { FACILITY, adt, hl7Time, send, startListener } from './support';

describe('HL7 v2 ADT over MLLP', () => {
  let t: TestApp;
  let port: number;
  const logs: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    t = await createTestApp({ HL7_SENDERS: 'RNEWPAS=RNEW1', LOG_LEVEL: 'info' }, { logStream });
    port = await startListener(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  const admissions = (nhsNumber: string) =>
    t.db.query(
      `SELECT a.id, a.status, a.ward, a.method, a.destination, to_char(a.estimated_discharge_date, 'YYYY-MM-DD') AS edd, a.alerts_raised, a.known_to, a.admitted_at, a.discharged_at
       FROM admissions a JOIN patients p ON p.id = a.patient_id WHERE p.nhs_number = $1 ORDER BY a.admitted_at`,
      [nhsNumber],
    );
  const alertsOf = (type: string) => t.db.query('SELECT team_code, detail FROM alerts WHERE type = $1 ORDER BY team_code', [type]);
  const message = (sender: string, controlId: string) =>
    t.db.query('SELECT status, ack_code, reason_code, raw, attempts FROM hl7_messages WHERE sender = $1 AND control_id = $2', [sender, controlId]);

  it('A01 has the same effect as POST /admissions, and a resent control id is acknowledged again with no second effect', async () => {
    const viaRest = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber: viaRest }));
    const viaFeed = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber: viaFeed }));
    const admittedAt = daysAgo(1);
    const rest = await admit(t, { nhsNumber: viaRest, admittedAt: admittedAt.toISOString(), ward: 'W12' });
    expect(rest.status).toBe(201);

    const text = adt({ trigger: 'A01', controlId: 'MSG-1', nhsNumber: viaFeed, admitAt: admittedAt, ward: 'W12', admissionType: '21' });
    expect(await send(port, text)).toMatchObject({ code: 'AA', controlId: 'MSG-1', errCode: null });
    const [feed] = await admissions(viaFeed);
    expect(feed).toMatchObject({ status: 'inpatient', method: 'emergency', ward: 'W12', alerts_raised: rest.body.alertsRaised });
    expect(feed.known_to).toEqual(rest.body.knownTo);
    expect(feed.admitted_at.toISOString()).toBe(admittedAt.toISOString());
    expect((await alertsOf('admission')).map((a: { team_code: string }) => a.team_code)).toEqual(['SPOA', 'SPOA']); // involved teams only: NCT-A is merely aligned to the practice

    // The interface engine did not see the ACK and resends: AA again, nothing new.
    expect(await send(port, text)).toMatchObject({ code: 'AA', controlId: 'MSG-1' });
    expect(await admissions(viaFeed)).toHaveLength(1);
    expect(await alertsOf('admission')).toHaveLength(2);
    expect(await message(FACILITY, 'MSG-1')).toEqual([{ status: 'processed', ack_code: 'AA', reason_code: null, raw: null, attempts: 1 }]);
  });

  it('applies transfer, update (EDD and ward), discharge with its disposition, cancel discharge, cancel transfer and cancel admit', async () => {
    const nhsNumber = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber }));
    const admitAt = daysAgo(3);
    const at = (h: number) => new Date(admitAt.getTime() + h * 3_600_000);
    expect((await send(port, adt({ trigger: 'A01', controlId: 'L1', nhsNumber, admitAt, ward: 'AMU', eventAt: admitAt }))).code).toBe('AA');
    expect((await send(port, adt({ trigger: 'A02', controlId: 'L2', nhsNumber, ward: 'W12', bed: '3', eventAt: at(2) }))).code).toBe('AA');
    expect((await admissions(nhsNumber))[0].ward).toBe('W12 bed 3');
    expect((await send(port, adt({ trigger: 'A12', controlId: 'L3', nhsNumber, ward: 'AMU', eventAt: at(3) }))).code).toBe('AA');
    expect((await admissions(nhsNumber))[0].ward).toBe('AMU');
    const edd = daysAgo(-2).toISOString().slice(0, 10).replace(/-/g, '');
    expect((await send(port, adt({ trigger: 'A08', controlId: 'L4', nhsNumber, ward: 'W14', edd, eventAt: at(4) }))).code).toBe('AA');
    expect((await admissions(nhsNumber))[0]).toMatchObject({ ward: 'W14', edd: `${edd.slice(0, 4)}-${edd.slice(4, 6)}-${edd.slice(6)}` });

    const dischargeAt = at(30);
    const a03 = adt({ trigger: 'A03', controlId: 'L5', nhsNumber, dischargeAt, disposition: '19', eventAt: dischargeAt });
    expect((await send(port, a03)).code).toBe('AA');
    expect((await admissions(nhsNumber))[0]).toMatchObject({ status: 'discharged', destination: 'usual_residence' });
    expect((await alertsOf('discharge')).map((a: { team_code: string }) => a.team_code)).toEqual(['SPOA']);
    const [{ n: followUps }] = await t.db.query(`SELECT count(*)::int AS n FROM tasks WHERE type = 'post_discharge_follow_up'`);
    expect(followUps).toBe(1); // the involved team (SPoA); alignment gives no follow-up

    expect((await send(port, adt({ trigger: 'A13', controlId: 'L6', nhsNumber, eventAt: at(31) }))).code).toBe('AA');
    expect((await admissions(nhsNumber))[0]).toMatchObject({ status: 'inpatient', destination: null, discharged_at: null });
    expect((await alertsOf('discharge_cancelled')).map((a: { team_code: string }) => a.team_code)).toEqual(['SPOA']);

    expect((await send(port, adt({ trigger: 'A11', controlId: 'L7', nhsNumber, eventAt: at(32) }))).code).toBe('AA');
    expect((await admissions(nhsNumber))[0].status).toBe('cancelled');
    expect(await alertsOf('admission_cancelled')).toHaveLength(1); // the involved SPoA
  });

  it('parks an event that arrives before its admission and applies it, in event-time order, once the admission arrives', async () => {
    const nhsNumber = await createPatient(t);
    const admitAt = daysAgo(2);
    const dischargeAt = new Date(admitAt.getTime() + 26 * 3_600_000);
    const early = adt({ trigger: 'A03', controlId: 'O2', nhsNumber, dischargeAt, disposition: '54', eventAt: dischargeAt });
    expect((await send(port, early)).code).toBe('AA');
    expect(await message(FACILITY, 'O2')).toEqual([expect.objectContaining({ status: 'waiting', reason_code: 'HL7_NO_ADMISSION' })]);
    expect(await admissions(nhsNumber)).toHaveLength(0);

    expect((await send(port, adt({ trigger: 'A01', controlId: 'O1', nhsNumber, admitAt, eventAt: admitAt }))).code).toBe('AA');
    const [a] = await admissions(nhsNumber);
    expect(a).toMatchObject({ status: 'discharged', destination: 'care_home_new' });
    expect(a.discharged_at.toISOString()).toBe(dischargeAt.toISOString());
    expect(await message(FACILITY, 'O2')).toEqual([expect.objectContaining({ status: 'processed', raw: null, attempts: 2 })]);
  });

  it('answers AE with an ERR segment for bad content, keeps it as a dead letter (content never in the API or the log), and AR for refused messages', async () => {
    const nhsNumber = nextNhsNumber();
    const noPid = adt({ trigger: 'A01', controlId: 'B1', nhsNumber }).split('\r').filter((s) => !s.startsWith('PID')).join('\r');
    expect(await send(port, noPid)).toMatchObject({ code: 'AE', controlId: 'B1', errCode: 'HL7_MISSING_SEGMENT', errLocation: 'PID^1' });

    const badNhs = adt({ trigger: 'A01', controlId: 'B2', nhsNumber: '9990000019' });
    expect(await send(port, badNhs)).toMatchObject({ code: 'AE', errCode: 'HL7_INVALID_NHS_NUMBER', errLocation: 'PID^1^3' });

    const badTime = adt({ trigger: 'A01', controlId: 'B3', nhsNumber }).replace(/^EVN\|A01\|[^\r]*/m, 'EVN|A01|yesterday');
    expect(await send(port, badTime)).toMatchObject({ code: 'AE', errCode: 'HL7_INVALID_FIELD', errLocation: 'EVN^1^2' });

    const noType = adt({ trigger: 'A01', controlId: 'B4', nhsNumber, admissionType: 'ZZ' });
    expect(await send(port, noType)).toMatchObject({ code: 'AE', errCode: 'HL7_INVALID_FIELD', errLocation: 'PV1^1^4' });

    expect(await send(port, adt({ trigger: 'A05', controlId: 'B5', nhsNumber }))).toMatchObject({ code: 'AR', errCode: 'HL7_UNSUPPORTED_EVENT' });
    expect(await send(port, adt({ trigger: 'A01', controlId: 'B6', nhsNumber, facility: 'NOTAHOSPITAL' }))).toMatchObject({
      code: 'AR',
      errCode: 'HL7_UNKNOWN_SENDER',
    });
    expect(await message('NOTAHOSPITAL', 'B6')).toEqual([]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM admissions')).toEqual([{ n: 0 }]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM patients WHERE nhs_number = $1', [nhsNumber])).toEqual([{ n: 0 }]);

    const admin = `Bearer ${await adminToken(t)}`;
    const failed = await t.http().get('/api/v1/integrations/hl7/messages?status=failed').set('Authorization', admin).expect(200);
    expect(failed.body.items.map((m: { controlId: string }) => m.controlId).sort()).toEqual(['B1', 'B2', 'B3', 'B4', 'B5']);
    expect(failed.body.items[0]).toEqual(expect.objectContaining({ status: 'failed', sender: FACILITY, reason: expect.any(String), receivedAt: expect.any(String) }));
    const body = JSON.stringify(failed.body);
    expect(body).not.toContain(nhsNumber);
    expect(body).not.toContain('LOVELACE');
    const [{ n: kept }] = await t.db.query(`SELECT count(*)::int AS n FROM hl7_messages WHERE status = 'failed' AND raw LIKE '%' || $1 || '%'`, [nhsNumber]);
    // B3, B4 and B5 carry this NHS number (B1 has no PID, B2 another number): all kept for replay.
    expect(kept).toBe(3);
    const logged = logs.join('');
    expect(logged).toContain('hl7_message');
    for (const secret of [nhsNumber, '9990000019', 'LOVELACE', 'Harbour', '19401210', 'CT16']) expect(logged).not.toContain(secret);

    // Only admins read the log.
    const nct = await clinician(t, ['NCT-A']);
    await t.http().get('/api/v1/integrations/hl7/messages?status=failed').set('Authorization', nct).expect(403);
    await t.http().get('/api/v1/integrations/hl7/messages?status=lost').set('Authorization', admin).expect(400);
  });

  it('pages through messages received within one millisecond, newest first, each once (hazard H18-7)', async () => {
    for (const controlId of ['P1', 'P2', 'P3']) expect((await send(port, adt({ trigger: 'A05', controlId, nhsNumber: nextNhsNumber() }))).code).toBe('AR');
    const ids: string[] = (await t.db.query('SELECT id FROM hl7_messages')).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(3);
    // received_at is DEFAULT now(): microseconds, which a Date (and so a cursor built from one) drops.
    const oldestFirst = await inOneMillisecond(t, 'hl7_messages', 'received_at', ids);

    const seen = await pageByPage<{ id: string }>(t, `Bearer ${await adminToken(t)}`, '/api/v1/integrations/hl7/messages');
    expect(seen.map((m) => m.id)).toEqual([...oldestFirst].reverse());
    for (const m of seen) expect(m).not.toHaveProperty('cursorAt');
  });

  it('replays a dead letter once the reference data it needed exists', async () => {
    const nhsNumber = await createPatient(t);
    // RNEWPAS is configured for hospital RNEW1, which is not yet in the reference data.
    const text = adt({ trigger: 'A01', controlId: 'R1', nhsNumber, facility: 'RNEWPAS', admitAt: daysAgo(1) });
    expect(await send(port, text)).toMatchObject({ code: 'AE', errCode: 'HL7_VALIDATION_FAILED' });
    const [dead] = await t.db.query(`SELECT id FROM hl7_messages WHERE control_id = 'R1'`);
    const admin = `Bearer ${await adminToken(t)}`;
    await createOrganisation(t, { odsCode: 'RNEW1', type: 'acute_trust' });
    const replayed = await t.http().post(`/api/v1/integrations/hl7/messages/${dead.id}/replay`).set('Authorization', admin).expect(200);
    expect(replayed.body).toMatchObject({ status: 'processed', ackCode: 'AA', attempts: 2 });
    expect(await admissions(nhsNumber)).toEqual([expect.objectContaining({ status: 'inpatient' })]);
    await t.http().post(`/api/v1/integrations/hl7/messages/${dead.id}/replay`).set('Authorization', admin).expect(409);
    // The resend of the same control id is now a duplicate of an applied message.
    expect((await send(port, text)).code).toBe('AA');
    expect(await admissions(nhsNumber)).toHaveLength(1);
  });

  it('A&E attendance of a known patient alerts the involved team and the locality rapid response team, starts the in-reach clock; breach alerts once; leaving stops it', async () => {
    await createTeam(t, { code: 'RR-DD', type: 'rapid_response', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    await createTeam(t, { code: 'RR-SF', type: 'rapid_response', organisationOds: 'TRUST1', locality: 'Shepway/Folkestone' });
    const known = await createPatient(t);
    await createReferral(t, referralBody({ nhsNumber: known }));
    const alignedOnly = await createPatient(t);
    const arrived = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 1000) * 1000);
    expect((await send(port, adt({ trigger: 'A04', controlId: 'E1', nhsNumber: known, patientClass: 'E', admitAt: arrived, eventAt: arrived }))).code).toBe('AA');
    expect((await send(port, adt({ trigger: 'A04', controlId: 'E2', nhsNumber: alignedOnly, patientClass: 'E', eventAt: arrived }))).code).toBe('AA');
    expect((await alertsOf('ae_attendance')).map((a: { team_code: string }) => a.team_code)).toEqual(['RR-DD', 'SPOA']);
    const clocks = await t.http().get('/api/v1/integrations/ae-attendances').set('Authorization', await clinician(t, ['RR-DD'])).expect(200);
    expect(clocks.body.items).toEqual([
      expect.objectContaining({ nhsNumber: known, status: 'waiting', breached: true, respondBy: new Date(arrived.getTime() + 2 * 3_600_000).toISOString() }),
    ]);

    // Two instances' checks at once: one breach alert per team.
    const inReach = t.app.get(InReachService);
    await Promise.all([inReach.checkBreaches(), inReach.checkBreaches(), inReach.checkBreaches()]);
    await inReach.checkBreaches();
    expect((await alertsOf('ae_in_reach_breach')).map((a: { team_code: string }) => a.team_code)).toEqual(['RR-DD', 'SPOA']);

    // Left A&E (discharged from the emergency department): the clock stops.
    expect((await send(port, adt({ trigger: 'A03', controlId: 'E3', nhsNumber: known, patientClass: 'E' }))).code).toBe('AA');
    const [clock] = await t.db.query('SELECT status, stopped_at FROM ae_attendances');
    expect(clock.status).toBe('left');
    expect(await admissions(known)).toHaveLength(0);

    // A second attendance is seen by the rapid response team.
    const again = new Date(Date.now() - 30 * 60_000);
    await send(port, adt({ trigger: 'A04', controlId: 'E4', nhsNumber: known, patientClass: 'E', admitAt: again }));
    const [open] = await t.db.query(`SELECT id FROM ae_attendances WHERE status = 'waiting'`);
    const rr = await bearer(t, { sub: 'rr-1', roles: ['clinician'], teams: ['RR-DD'] });
    const seen = await t.http().post(`/api/v1/integrations/ae-attendances/${open.id}/seen`).set('Authorization', rr).expect(200);
    expect(seen.body).toMatchObject({ status: 'seen', breached: false });
    await t.http().post(`/api/v1/integrations/ae-attendances/${open.id}/seen`).set('Authorization', rr).expect(404);
  });

  it('A40 merge raises a task for the single point of access (the hook the identity work replaces)', async () => {
    const nhsNumber = await createPatient(t);
    const merged = nextNhsNumber();
    expect((await send(port, adt({ trigger: 'A40', controlId: 'M1', nhsNumber, mergedNhsNumber: merged }))).code).toBe('AA');
    const tasks = await t.db.query(`SELECT team_code, title, detail FROM tasks WHERE type = 'patient_merge'`);
    expect(tasks).toEqual([expect.objectContaining({ team_code: 'SPOA' })]);
    expect(JSON.stringify(tasks)).not.toContain(merged);
  });

  it('creates a patient it does not hold from PID-5/7/8/11 and audits the feed as the writer', async () => {
    const nhsNumber = nextNhsNumber();
    const text = adt({ trigger: 'A01', controlId: 'N1', nhsNumber, admitAt: daysAgo(1), name: ['BABBAGE', 'CHARLES'], dob: '19381226' });
    expect((await send(port, text)).code).toBe('AA');
    const [p] = await t.db.query(`SELECT given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob, sex, address FROM patients WHERE nhs_number = $1`, [nhsNumber]);
    expect(p).toEqual({ given_name: 'CHARLES', family_name: 'BABBAGE', dob: '1938-12-26', sex: 'female', address: { line1: '1 Harbour Street', town: 'Dover', postcode: 'CT16 1AA' } });
    const audit = await t.db.query(`SELECT action, actor_sub FROM audit_events WHERE nhs_number = $1 ORDER BY id`, [nhsNumber]);
    expect(audit).toEqual(expect.arrayContaining([{ action: 'patient.create', actor_sub: `hl7:${FACILITY}` }, { action: 'admission.create', actor_sub: `hl7:${FACILITY}` }]));
  });

  it('takes times without an offset as England local time', async () => {
    const nhsNumber = await createPatient(t);
    const text = adt({ trigger: 'A01', controlId: 'T1', nhsNumber }).replace(/^EVN\|A01\|[^\r]*/m, 'EVN|A01|202607011030');
    expect((await send(port, text)).code).toBe('AA');
    const [a] = await admissions(nhsNumber);
    expect(a.admitted_at.toISOString()).toBe('2026-07-01T09:30:00.000Z');
    expect(hl7Time(a.admitted_at)).toBe('20260701093000+0000');
  });

  it('REST transfer and cancellations are the same operations', async () => {
    const nhsNumber = await createPatient(t);
    const created = await admit(t, { nhsNumber });
    const idt = await bearer(t, { sub: 'idt-1', roles: ['discharge_coordinator'], teams: ['IDT-1'], org: HOSPITAL });
    const moved = await t.http().post(`/api/v1/admissions/${created.body.id}/transfer`).set('Authorization', idt).send({ ward: 'W9', at: new Date().toISOString() }).expect(200);
    expect(moved.body.ward).toBe('W9');
    await t.http().post(`/api/v1/admissions/${created.body.id}/transfer`).set('Authorization', idt).send({ ward: ' ', at: new Date().toISOString() }).expect(400);
    await t.http().post(`/api/v1/admissions/${created.body.id}/cancel-discharge`).set('Authorization', idt).expect(409);
    const cancelled = await t.http().post(`/api/v1/admissions/${created.body.id}/cancel`).set('Authorization', idt).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await t.http().post(`/api/v1/admissions/${created.body.id}/cancel`).set('Authorization', idt).expect(409);
  });
});
