import { Clock } from '../../src/common/clock';
import { BED_TEAM, addBeds, as, createUnit, requestBed } from '../beds/beds-fixtures';
import { HOSPITAL, IDT, admit, createAdmissionWorld, daysAgo, patientKnownToTwoTeams } from '../admissions/support';
import { TestApp, createTestApp } from '../support/app';
import { createTeam } from '../support/factories';

/**
 * The discharge workspace on a community (step-up / step-down) bed stay: the same entries and rules
 * as on a hospital admission, recorded by discharge coordinators or the unit's own staff, and the
 * board's community setting.
 */
describe('discharge workspace on community bed stays', () => {
  let t: TestApp;
  let tok: Record<'manager' | 'otherManager' | 'idt' | 'unitClinician' | 'clinicianA' | 'commissioner', string>;
  beforeAll(async () => {
    t = await createTestApp();
    tok = {
      manager: await t.token({ sub: 'bm-1', name: 'Bea Manager', roles: ['bed_manager'], teams: [BED_TEAM] }),
      otherManager: await t.token({ sub: 'bm-9', roles: ['bed_manager'], teams: ['SOMEWHERE-ELSE'] }),
      idt: await t.token({ sub: 'idt-1', roles: ['discharge_coordinator'], teams: [IDT], org: HOSPITAL }),
      unitClinician: await t.token({ sub: 'cl-u', roles: ['clinician'], teams: [BED_TEAM] }),
      // Aligned to the patients' practice (so may see them), but not the unit's staff.
      clinicianA: await t.token({ sub: 'cl-a', roles: ['clinician'], teams: ['NCT-A'] }),
      commissioner: await t.token({ sub: 'com-1', roles: ['commissioner'] }),
    };
  });
  afterAll(() => t.close());

  let unit: { id: string; name: string };
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
    await createTeam(t, { code: BED_TEAM, type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    unit = await createUnit(t, tok.manager, { name: 'Deal Step-Down' });
    await addBeds(t, tok.manager, unit.id, 3);
  });

  /** A patient offered a bed (the allocator offers at once) and, unless `offeredOnly`, admitted to it `days` ago. */
  async function stay(days = 10, offeredOnly = false) {
    // Requested and offered an hour before the admission (the service's clock moved back for it).
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(daysAgo(days).getTime() - 3_600_000));
    const { nhsNumber, res } = await requestBed(t, tok.idt, {}, { gpPracticeOds: 'P00001' });
    clock.mockRestore();
    expect(res.status).toBe(201);
    const id: string = res.body.stay.id;
    if (!offeredOnly) await as(t, tok.manager).post(`/bed-stays/${id}/admit`, { at: daysAgo(days).toISOString() }).expect(200);
    return { id, nhsNumber };
  }
  const post = (token: string, id: string, action: string, body: Record<string, unknown>) => as(t, token).post(`/discharge/bed-stays/${id}/${action}`, body);
  const historyRows = async () =>
    (await t.db.query('SELECT (SELECT count(*) FROM discharge_events)::int + (SELECT count(*) FROM discharge_delays)::int AS n'))[0].n as number;

  it('records ready for transfer, criteria to reside / DRD and a coded delay against the stay, with who, when and history', async () => {
    const s = await stay(10);
    await post(tok.manager, s.id, 'readiness', { step: 'clinically_ready', at: daysAgo(3).toISOString() }).expect(200);
    await post(tok.unitClinician, s.id, 'readiness', { step: 'mdt_agreed', at: daysAgo(2).toISOString() }).expect(200);
    let res = await post(tok.idt, s.id, 'readiness', { step: 'safe_to_transfer', at: daysAgo(2).toISOString() }).expect(200);
    expect(res.body).toMatchObject({
      admissionId: null,
      bedStayId: s.id,
      setting: 'community',
      nhsNumber: s.nhsNumber,
      hospitalOds: 'TRUST1',
      ward: 'Deal Step-Down',
      lengthOfStayDays: 10,
      longStay: 7,
      eddSetWithin24h: null,
      knownTo: [BED_TEAM],
      readyForTransfer: {
        ready: true,
        since: daysAgo(2).toISOString(),
        clinicallyReady: { value: 'ready', by: 'bm-1', byName: 'Bea Manager' },
        mdtAgreed: { value: 'ready', by: 'cl-u' },
        safeToTransfer: { value: 'ready', by: 'idt-1' },
      },
    });
    res = await post(tok.manager, s.id, 'criteria-to-reside', { decision: 'does_not_meet', at: daysAgo(4).toISOString() }).expect(200);
    const drd = daysAgo(4).toISOString().slice(0, 10);
    expect(res.body).toMatchObject({ dischargeReadyDate: drd, daysSinceDischargeReady: 4, criteriaToReside: { value: 'does_not_meet', by: 'bm-1' } });
    await post(tok.manager, s.id, 'pathway', { pathway: '1' }).expect(200);
    await post(tok.manager, s.id, 'delay-reasons', { code: 'awaiting_pathway_1_home_support', at: daysAgo(2).toISOString() }).expect(200);
    res = await post(tok.idt, s.id, 'delay-reasons', { code: 'awaiting_community_equipment', attribution: 'nhs' }).expect(200);
    expect(res.body.delay).toMatchObject({ code: 'awaiting_community_equipment', attribution: 'nhs', by: 'idt-1' });
    expect(res.body.delayHistory.map((d: { code: string; attribution: string }) => `${d.code}/${d.attribution}`)).toEqual([
      'awaiting_pathway_1_home_support/social_care',
      'awaiting_community_equipment/nhs',
    ]);
    expect(res.body.history.map((h: { kind: string }) => h.kind)).toEqual(['criteria_to_reside', 'discharge_ready_date', 'clinically_ready', 'mdt_agreed', 'safe_to_transfer', 'pathway']);
    // Meeting the criteria again clears the DRD; the history keeps both.
    res = await post(tok.manager, s.id, 'criteria-to-reside', { decision: 'meets' }).expect(200);
    expect(res.body.dischargeReadyDate).toBeNull();

    // Stored against the stay, never an admission.
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM discharge_events WHERE bed_stay_id = $1 AND admission_id IS NULL', [s.id]);
    expect(n).toBe(8);
    // Read back (the unit's clinician holds bed-request:read), audited against the stay.
    const read = await as(t, tok.unitClinician).get(`/discharge/bed-stays/${s.id}`).expect(200);
    expect(read.body).toMatchObject({ bedStayId: s.id, delay: { code: 'awaiting_community_equipment' } });
    const [{ n: audited }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'discharge.read' AND resource_type = 'bed_stay' AND resource_id = $1`, [s.id]);
    expect(audited).toBe(1);
  });

  it("only discharge coordinators and the unit's own staff record; others are refused and nothing changes", async () => {
    const s = await stay(5);
    const before = await historyRows();
    // May see the patient (aligned to the practice) but is not the unit's staff: 403.
    const refused = await post(tok.clinicianA, s.id, 'readiness', { step: 'clinically_ready' }).expect(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.code).toBe('BED_STAY_NOT_YOUR_UNIT');
    // Another unit's manager has no relationship with the patient: the stay is not found for them.
    expect((await post(tok.otherManager, s.id, 'readiness', { step: 'clinically_ready' }).expect(404)).body.code).toBe('BED_STAY_NOT_FOUND');
    // Commissioners hold no recording permission at all.
    await post(tok.commissioner, s.id, 'readiness', { step: 'clinically_ready' }).expect(403);
    expect(await historyRows()).toBe(before);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'denied' AND resource_type = 'bed_stay'`);
    expect(n).toBe(1);
  });

  it('bad input is a 400 problem and changes nothing; unknown is 404; an offered or discharged stay is 409', async () => {
    const s = await stay(3);
    const before = await historyRows();
    const cases: [string, Record<string, unknown>, string][] = [
      ['readiness', { step: 'medically_optimised' }, 'step'],
      ['readiness', { step: 'mdt_agreed', at: new Date(Date.now() + 3_600_000).toISOString() }, 'at'],
      // Before the patient was admitted to the bed.
      ['readiness', { step: 'mdt_agreed', at: daysAgo(5).toISOString() }, 'at'],
      ['criteria-to-reside', { decision: 'does_not_meet', dischargeReadyDate: daysAgo(5).toISOString().slice(0, 10) }, 'dischargeReadyDate'],
      ['discharge-ready-date', { date: '2026-02-30' }, 'date'],
      ['pathway', { pathway: '4' }, 'pathway'],
      ['delay-reasons', { code: 'awaiting_care_home' }, 'code'],
      ['delay-reasons', { code: 'other', attribution: 'council' }, 'attribution'],
    ];
    for (const [action, body, field] of cases) {
      const res = await post(tok.manager, s.id, action, body);
      expect({ action, body, status: res.status, type: res.headers['content-type'] }).toMatchObject({ status: 400, type: expect.stringMatching(/problem\+json/) });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await historyRows()).toBe(before);

    expect((await post(tok.idt, '00000000-0000-4000-8000-000000000000', 'pathway', { pathway: '1' }).expect(404)).body.code).toBe('BED_STAY_NOT_FOUND');
    await as(t, tok.idt).get('/discharge/bed-stays/not-a-uuid').expect(400);
    const offered = await stay(0, true);
    expect((await post(tok.manager, offered.id, 'pathway', { pathway: '1' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
    await as(t, tok.manager).post(`/bed-stays/${s.id}/discharge`, { destination: 'usual_residence' }).expect(200);
    // (The unit's team knows the patient only while the stay is active: after discharge the coordinator asks.)
    expect((await post(tok.idt, s.id, 'pathway', { pathway: '1' }).expect(409)).body.code).toBe('INVALID_TRANSITION');
    expect(await historyRows()).toBe(before);
    // The database holds the subject rule whatever the service does: exactly one of admission and bed stay.
    await expect(
      t.db.query(`INSERT INTO discharge_delays (code, attribution, effective_at, recorded_at, recorded_by) VALUES ('other', 'both', now(), now(), 'x')`),
    ).rejects.toThrow(/chk_discharge_delays_subject/);
  });

  it('the board lists patients in community beds under the community setting, not the acute one', async () => {
    const s = await stay(8);
    const known = await patientKnownToTwoTeams(t);
    const adm = (await admit(t, { nhsNumber: known, admittedAt: daysAgo(2).toISOString(), ward: 'W1' }).then((r) => r.body)) as { id: string };
    await stay(0, true); // offered, not yet in the bed: not on the board
    await post(tok.manager, s.id, 'readiness', { step: 'clinically_ready' }).expect(200);
    const board = async (query: string) => (await as(t, tok.idt).get(`/discharge/board?${query}`).expect(200)).body.items as { admissionId: string | null; bedStayId: string | null }[];

    expect((await board('')).map((i) => i.bedStayId ?? i.admissionId)).toEqual([s.id, adm.id]);
    expect((await board('setting=community')).map((i) => i.bedStayId)).toEqual([s.id]);
    expect((await board('setting=acute')).map((i) => i.admissionId)).toEqual([adm.id]);
    expect((await board(`hospital=TRUST1&ward=${encodeURIComponent('Deal Step-Down')}`))[0]).toMatchObject({
      bedStayId: s.id,
      setting: 'community',
      readyForTransfer: { ready: false, clinicallyReady: { value: 'ready' } },
    });
    await as(t, tok.idt).get('/discharge/board?setting=mental_health').expect(400);
    const page1 = (await as(t, tok.idt).get('/discharge/board?limit=1').expect(200)).body;
    expect((await as(t, tok.idt).get(`/discharge/board?limit=1&cursor=${page1.nextCursor}`).expect(200)).body.items.map((i: { admissionId: string }) => i.admissionId)).toEqual([adm.id]);
    const csv = (await as(t, tok.idt).get('/discharge/board?setting=community&format=csv').expect(200)).text.trim().split('\r\n');
    expect(csv[0]).toMatch(/,bed_stay_id,setting$/);
    expect(csv[1]).toMatch(new RegExp(`^,${s.nhsNumber},.*,${s.id},community$`));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'discharge.board.read' AND resource_type = 'bed_stay' AND resource_id = $1`, [s.id]);
    expect(n).toBe(5); // every answer that showed the stay: all, community, hospital and ward, the first page, the CSV
    // The dashboard's counts include them.
    const summary = await t.http().get('/api/v1/discharge/summary?hospital=TRUST1').set('Authorization', `Bearer ${tok.commissioner}`).expect(200);
    expect(summary.body).toMatchObject({ inpatients: '<5', longStay7: '<5' });
  });
});
