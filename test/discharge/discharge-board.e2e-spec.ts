import { Clock } from '../../src/common/clock';
import { HOSPITAL, admit, createAdmissionWorld, daysAgo, dischargeCoordinator, patientKnownToTwoTeams } from '../admissions/support';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient } from '../support/factories';
import { inOneMillisecond, pageByPage } from '../support/paging';

describe('discharge workspace and board', () => {
  let t: TestApp;
  let idt: string;
  beforeAll(async () => {
    t = await createTestApp();
    idt = await dischargeCoordinator(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    await t.truncate();
    await createAdmissionWorld(t);
  });

  const post = (id: string, action: string, body: Record<string, unknown>) => t.http().post(`/api/v1/discharge/admissions/${id}/${action}`).set('Authorization', idt).send(body);
  const board = (query = '') => t.http().get(`/api/v1/discharge/board?hospital=${HOSPITAL}${query}`).set('Authorization', idt);
  const admitted = async (body: Record<string, unknown>) => {
    const res = await admit(t, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const historyRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM discharge_events'))[0].n + (await t.db.query('SELECT count(*)::int AS n FROM discharge_delays'))[0].n;

  it('records ready for transfer step by step, the DRD from the criteria to reside, pathway and a coded delay, with who, when and history', async () => {
    const nhsNumber = await patientKnownToTwoTeams(t);
    const admittedAt = daysAgo(15);
    const adm = await admitted({ nhsNumber, admittedAt: admittedAt.toISOString(), ward: 'Cambridge M2' });
    await t.http().post(`/api/v1/admissions/${adm.id}/estimated-discharge`).set('Authorization', await dischargeCoordinator(t)).send({ date: '2099-01-01' });

    const clinically = daysAgo(3).toISOString();
    let res = await post(adm.id, 'readiness', { step: 'clinically_ready', at: clinically }).expect(200);
    expect(res.body.readyForTransfer).toMatchObject({ ready: false, since: null, clinicallyReady: { value: 'ready', at: clinically, by: 'idt-1' }, mdtAgreed: null });
    await post(adm.id, 'readiness', { step: 'mdt_agreed', at: daysAgo(2).toISOString() }).expect(200);
    res = await post(adm.id, 'readiness', { step: 'safe_to_transfer', at: daysAgo(2).toISOString(), notes: 'Home assessed' }).expect(200);
    // The DTOC clock starts when the last of the three holds.
    expect(res.body.readyForTransfer).toMatchObject({ ready: true, since: daysAgo(2).toISOString() });

    res = await post(adm.id, 'criteria-to-reside', { decision: 'does_not_meet', at: daysAgo(4).toISOString() }).expect(200);
    const drd = daysAgo(4).toISOString().slice(0, 10);
    expect(res.body).toMatchObject({ dischargeReadyDate: drd, daysSinceDischargeReady: 4, criteriaToReside: { value: 'does_not_meet', by: 'idt-1' } });
    await post(adm.id, 'pathway', { pathway: '3' }).expect(200);
    await post(adm.id, 'delay-reasons', { code: 'awaiting_social_care_assessment', at: daysAgo(2).toISOString() }).expect(200);
    res = await post(adm.id, 'delay-reasons', { code: 'awaiting_pathway_3_care_home', attribution: 'both' }).expect(200);
    expect(res.body.delay).toMatchObject({ code: 'awaiting_pathway_3_care_home', attribution: 'both', by: 'idt-1' });
    expect(res.body.delayHistory.map((d: { code: string; attribution: string }) => `${d.code}/${d.attribution}`)).toEqual([
      'awaiting_social_care_assessment/social_care',
      'awaiting_pathway_3_care_home/both',
    ]);
    expect(res.body.history.map((h: { kind: string }) => h.kind)).toEqual(['criteria_to_reside', 'discharge_ready_date', 'clinically_ready', 'mdt_agreed', 'safe_to_transfer', 'pathway']);

    const item = (await board().expect(200)).body.items[0];
    expect(item).toMatchObject({
      admissionId: adm.id,
      nhsNumber,
      ward: 'Cambridge M2',
      lengthOfStayDays: 15,
      longStay: 14,
      eddSetWithin24h: false,
      readyForTransfer: { ready: true },
      dischargeReadyDate: drd,
      pathway: { value: '3', meaning: 'care home (new long-term placement)' },
      delay: { code: 'awaiting_pathway_3_care_home', attribution: 'both' },
      knownTo: ['NCT-A', 'SPOA'],
    });

    // Back to meeting the criteria (deteriorated): the DRD is cleared, the history keeps both.
    res = await post(adm.id, 'criteria-to-reside', { decision: 'meets' }).expect(200);
    expect(res.body.dischargeReadyDate).toBeNull();
    expect(res.body.history.filter((h: { kind: string }) => h.kind === 'discharge_ready_date').map((h: { readyDate: string | null }) => h.readyDate)).toEqual([drd, null]);
    // Withdrawing one step stops the DTOC clock.
    res = await post(adm.id, 'readiness', { step: 'safe_to_transfer', value: 'not_ready' }).expect(200);
    expect(res.body.readyForTransfer).toMatchObject({ ready: false, since: null });

    // Reads are audited.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'discharge.board.read' AND resource_id = $1`, [adm.id]);
    expect(n).toBe(1);
  });

  it('filters the board, answers CSV, and shows only inpatients known to or referred to community services', async () => {
    const known = await patientKnownToTwoTeams(t);
    const a1 = await admitted({ nhsNumber: known, admittedAt: daysAgo(22).toISOString(), ward: 'W1' });
    // Known through a named care coordinator (alignment to the practice alone is access, not involvement).
    const b = await createPatient(t, { gpPracticeOds: 'P00002', careCoordinator: { staffId: 'cc-2', name: 'Cam', teamCode: 'NCT-A' } });
    const a2 = await admitted({ nhsNumber: b, admittedAt: daysAgo(2).toISOString(), ward: 'W2' });
    // A patient no team knows, without referral or bed request: not on the board.
    const [{ id: strangerAdmission }] = await t.db.query(
      `INSERT INTO admissions (patient_id, hospital_ods, admitted_at, method, status, known_to, created_by, version)
       SELECT id, $1, now() - interval '1 day', 'emergency', 'inpatient', '[]'::jsonb, 'feed', 1 FROM patients WHERE nhs_number = $2 RETURNING id`,
      [HOSPITAL, await createPatient(t, { gpPracticeOds: null })],
    );
    await post(a2.id, 'pathway', { pathway: '1' }).expect(200);

    const all = (await board().expect(200)).body;
    expect(all.items.map((i: { admissionId: string }) => i.admissionId)).toEqual([a1.id, a2.id]);
    expect(all.items.map((i: { admissionId: string }) => i.admissionId)).not.toContain(strangerAdmission);
    expect(all.items[0]).toMatchObject({ longStay: 21, lengthOfStayDays: 22 });
    expect((await board('&ward=W2').expect(200)).body.items.map((i: { admissionId: string }) => i.admissionId)).toEqual([a2.id]);
    expect((await board('&pathway=1').expect(200)).body.items.map((i: { admissionId: string }) => i.admissionId)).toEqual([a2.id]);
    expect((await board('&longStay=21').expect(200)).body.items.map((i: { admissionId: string }) => i.admissionId)).toEqual([a1.id]);
    const page1 = (await board('&limit=1').expect(200)).body;
    expect(page1.items).toHaveLength(1);
    const page2 = (await board(`&limit=1&cursor=${page1.nextCursor}`).expect(200)).body;
    expect(page2).toMatchObject({ items: [{ admissionId: a2.id }], nextCursor: null });

    const csv = await board('&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^admission_id,nhs_number,name,age,hospital_ods,ward,admitted_at,length_of_stay_days,long_stay/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`${a2.id},${b},`);

    // The dashboard's aggregate counts: small numbers suppressed.
    const commissioner = await bearer(t, { sub: 'comm-1', roles: ['commissioner'] });
    const summary = await t.http().get(`/api/v1/discharge/summary?hospital=${HOSPITAL}`).set('Authorization', commissioner).expect(200);
    expect(summary.body).toMatchObject({ inpatients: '<5', longStay21: '<5', readyForTransfer: 0 });
    expect(JSON.stringify(summary.body)).not.toContain(known);
    // Commissioners never see the board itself.
    await t.http().get(`/api/v1/discharge/board?hospital=${HOSPITAL}`).set('Authorization', commissioner).expect(403);
  });

  it('pages through inpatients admitted within one millisecond, each once, with or without a filter on the composed state', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await admitted({ nhsNumber: await patientKnownToTwoTeams(t), admittedAt: daysAgo(5).toISOString() })).id);
    // One millisecond, and the microseconds in the opposite order to the ids: a cursor that carried
    // only the millisecond skipped the later two.
    const inOrder = await inOneMillisecond(t, 'admissions', 'admitted_at', ids);
    for (const filter of ['', '&longStay=7']) {
      const seen = await pageByPage<{ admissionId: string }>(t, idt, `/api/v1/discharge/board?hospital=${HOSPITAL}${filter}`);
      expect(seen.map((i) => i.admissionId)).toEqual(inOrder);
    }
  });

  it('bad input is a 400 problem and changes nothing; unknown is 404; a discharged admission is 409', async () => {
    const nhsNumber = await patientKnownToTwoTeams(t);
    const adm = await admitted({ nhsNumber, admittedAt: daysAgo(3).toISOString() });
    const before = await historyRows();
    const cases: [string, Record<string, unknown>, string][] = [
      ['readiness', { step: 'medically_optimised' }, 'step'],
      ['readiness', { step: 'mdt_agreed', at: new Date(Date.now() + 3_600_000).toISOString() }, 'at'],
      ['readiness', { step: 'mdt_agreed', at: daysAgo(5).toISOString() }, 'at'],
      ['criteria-to-reside', { decision: 'does_not_meet', dischargeReadyDate: daysAgo(5).toISOString().slice(0, 10) }, 'dischargeReadyDate'],
      ['criteria-to-reside', { decision: 'meets', dischargeReadyDate: daysAgo(1).toISOString().slice(0, 10) }, 'dischargeReadyDate'],
      ['discharge-ready-date', { date: '2026-02-30' }, 'date'],
      ['pathway', { pathway: '4' }, 'pathway'],
      ['delay-reasons', { code: 'awaiting_care_home' }, 'code'],
      ['delay-reasons', { code: 'other', attribution: 'council' }, 'attribution'],
      ['delay-reasons', { code: 'other', reason: 'x' }, 'reason'],
    ];
    for (const [action, body, field] of cases) {
      const res = await post(adm.id, action, body);
      expect({ action, body, status: res.status, type: res.headers['content-type'] }).toMatchObject({ status: 400, type: expect.stringMatching(/problem\+json/) });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await historyRows()).toBe(before);

    await post('00000000-0000-4000-8000-000000000000', 'pathway', { pathway: '1' }).expect(404);
    await t.http().post(`/api/v1/admissions/${adm.id}/discharge`).set('Authorization', await dischargeCoordinator(t)).send({ at: new Date().toISOString(), destination: 'usual_residence' }).expect(200);
    const late = await post(adm.id, 'pathway', { pathway: '1' }).expect(409);
    expect(late.body.code).toBe('INVALID_TRANSITION');
  });

  it('history cannot be rewritten: the database refuses an update', async () => {
    const nhsNumber = await patientKnownToTwoTeams(t);
    const adm = await admitted({ nhsNumber, admittedAt: daysAgo(3).toISOString() });
    await post(adm.id, 'pathway', { pathway: '2' }).expect(200);
    await expect(t.db.query(`UPDATE discharge_events SET value = '0'`)).rejects.toThrow(/append-only/);
  });

  it('uses the admission clock for "now" (length of stay follows it)', async () => {
    const nhsNumber = await patientKnownToTwoTeams(t);
    const adm = await admitted({ nhsNumber, admittedAt: daysAgo(3).toISOString() });
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(daysAgo(3).getTime() + 8 * 86_400_000));
    const res = await t.http().get(`/api/v1/discharge/admissions/${adm.id}`).set('Authorization', await dischargeCoordinator(t)).expect(200);
    expect(res.body).toMatchObject({ lengthOfStayDays: 8, longStay: 7 });
  });
});
