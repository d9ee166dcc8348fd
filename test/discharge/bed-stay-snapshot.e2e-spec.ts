import { DischargeMeasuresRepository } from '../../src/modules/admissions/discharge/discharge-measures.repository';
import { DischargeSnapshotService } from '../../src/modules/admissions/discharge/discharge-snapshot.service';
import { HOSPITAL, createAdmissionWorld, dischargeCoordinator } from '../admissions/support';
import { BED_TEAM, addBeds, as, createUnit } from '../beds/beds-fixtures';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createTeam } from '../support/factories';

/**
 * Hand-worked midnight snapshots with community bed stays (all times UTC = England in winter). The
 * unit is run by TRUST1 (a community trust). Snapshots run at 08:00 on 5 February 2026; the first
 * run covers the 10 days 26 January - 4 February.
 *
 * | who | bed | ready for transfer | DRD | delay reason | leaves | counted at the midnight ending |
 * |---|---|---|---|---|---|---|
 * | B1 | stay from 27 Jan 10:00 | 28 Jan 10:00 | 31 Jan | pathway 1 home support (social care) 28 Jan 11:00; community equipment (both) 1 Feb 09:00 | 3 Feb 11:00 | DTOC 28 Jan - 2 Feb (spans month end); past DRD 31 Jan - 2 Feb |
 * | B2 (aged 17) | stay from 27 Jan 10:00 | 28 Jan 10:00 | | | 3 Feb 11:00 | never: adults only |
 * | B3 | stay from 29 Jan 10:00 | | 2 Feb (does not meet, 2 Feb 15:00) | housing (social care), entered late, from 6 Feb 09:00 | still in | past DRD 2 Feb on |
 * | X | stay from 27 Jan 10:00, ready 29 Jan 10:00; and an acute admission from 1 Feb 10:00, ready 1 Feb 12:00 | | | on the admission: pathway 2 bed (NHS) 1 Feb 13:00 | both still in | DTOC from 29 Jan: community 29-31 Jan, then once a day in the acute bed |
 *
 * Per day (DTOC/past DRD): 28 Jan 1/0, 29 Jan 2/0, 30 Jan 2/0, 31 Jan 2/1, 1 Feb 2/1, 2 Feb 2/2,
 * 3 Feb 1/1, 4 Feb 1/1: 16 rows. DTOC days: January 7 (community 7: B1 4 social care, X 3
 * unattributed), February 6 (B1 2 community both, X 4 acute NHS). Past-DRD days: January 1,
 * February 5. Adults registered: 6 (B1, B3, X and three never in a bed; B2 is 17) -> January
 * 7 / 6 = 116,666.7 per 100,000; February 6 / 6 = 100,000; past DRD in February 5 / 6 = 83,333.3. Discharged with a DRD in February: B1,
 * 3 days after it (3 February - 31 January).
 */
describe('midnight snapshot with community bed stays', () => {
  let t: TestApp;
  let idt: string;
  let manager: string;
  beforeAll(async () => {
    t = await createTestApp({ DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS: '10' });
    idt = await dischargeCoordinator(t);
    manager = await t.token({ sub: 'bm-1', roles: ['bed_manager'], teams: [BED_TEAM] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
    await createTeam(t, { code: BED_TEAM, type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
  });

  /**
   * A patient in a bed of the unit since `admittedAt`: request and stay written straight to the
   * database (as beds-fixtures' seedHistory does), since the service will not offer a bed in the past.
   */
  async function inBed(unitId: string, bedId: string, admittedAt: string, dateOfBirth = '1945-03-01') {
    const nhsNumber = await createPatient(t, { gpPracticeOds: 'P00001', dateOfBirth });
    // Registered long before the period (the registered-list denominator counts them then).
    await t.db.query(`UPDATE patients SET created_at = '2025-01-01' WHERE nhs_number = $1`, [nhsNumber]);
    const [request]: { id: string; patient_id: string }[] = await t.db.query(
      `INSERT INTO bed_requests (patient_id, direction, needs, priority, excluded_unit_ids, status, requested_at, requested_by_sub)
       SELECT id, 'step_down', '{}', 'routine', '{}', 'admitted', $2::timestamptz - interval '1 hour', 'seed' FROM patients WHERE nhs_number = $1 RETURNING id, patient_id`,
      [nhsNumber, admittedAt],
    );
    const [stay]: { id: string }[] = await t.db.query(
      `INSERT INTO bed_stays (request_id, bed_id, unit_id, patient_id, direction, status, offered_at, admitted_at)
       VALUES ($1, $2, $3, $4, 'step_down', 'occupied', $5::timestamptz - interval '1 hour', $5) RETURNING id`,
      [request.id, bedId, unitId, request.patient_id, admittedAt],
    );
    return { stay: stay.id, nhsNumber };
  }
  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await t.http().post(`/api/v1/discharge/${path}`).set('Authorization', idt).send(body);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
  };
  const ready = async (path: string, at: string) => {
    for (const step of ['clinically_ready', 'mdt_agreed', 'safe_to_transfer']) await post(`${path}/readiness`, { step, at });
  };
  const leave = (stay: string, at: string) => as(t, manager).post(`/bed-stays/${stay}/discharge`, { at, destination: 'usual_residence' }).expect(200);

  async function seed() {
    // Three more adults registered at the practice, never in a bed: the denominator is 6 adults.
    for (let i = 0; i < 3; i++) await t.db.query(`UPDATE patients SET created_at = '2025-01-01' WHERE nhs_number = $1`, [await createPatient(t, { gpPracticeOds: 'P00001' })]);
    const unit = await createUnit(t, manager, { name: 'Deal Step-Down' });
    const beds = await addBeds(t, manager, unit.id, 4);
    const b1 = await inBed(unit.id, beds[0].id, '2026-01-27T10:00:00Z');
    const b2 = await inBed(unit.id, beds[1].id, '2026-01-27T10:00:00Z', '2008-06-01');
    const x = await inBed(unit.id, beds[2].id, '2026-01-27T10:00:00Z');
    const b3 = await inBed(unit.id, beds[3].id, '2026-01-29T10:00:00Z');
    await ready(`bed-stays/${b1.stay}`, '2026-01-28T10:00:00Z');
    await post(`bed-stays/${b1.stay}/delay-reasons`, { code: 'awaiting_pathway_1_home_support', at: '2026-01-28T11:00:00Z' });
    await post(`bed-stays/${b1.stay}/criteria-to-reside`, { decision: 'does_not_meet', at: '2026-01-31T12:00:00Z' });
    await post(`bed-stays/${b1.stay}/delay-reasons`, { code: 'awaiting_community_equipment', at: '2026-02-01T09:00:00Z' });
    await ready(`bed-stays/${b2.stay}`, '2026-01-28T10:00:00Z');
    await ready(`bed-stays/${x.stay}`, '2026-01-29T10:00:00Z');
    await post(`bed-stays/${b3.stay}/criteria-to-reside`, { decision: 'does_not_meet', at: '2026-02-02T15:00:00Z' });
    // X is admitted to the acute hospital while the community stay is still open (recorded late, say).
    const adm = await t.http().post('/api/v1/admissions').set('Authorization', idt).send({ nhsNumber: x.nhsNumber, hospitalOds: HOSPITAL, method: 'emergency', admittedAt: '2026-02-01T10:00:00Z' });
    expect(adm.status).toBe(201);
    await ready(`admissions/${adm.body.id}`, '2026-02-01T12:00:00Z');
    await post(`admissions/${adm.body.id}/delay-reasons`, { code: 'awaiting_pathway_2_bed', at: '2026-02-01T13:00:00Z' });
    await leave(b1.stay, '2026-02-03T11:00:00Z');
    await leave(b2.stay, '2026-02-03T11:00:00Z');
    return { b1, b2, b3, x, admission: adm.body.id as string };
  }

  const perDay = async () =>
    Object.fromEntries(
      ((await t.db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, dtoc_patients, nctr_patients FROM discharge_snapshot_days ORDER BY day`)) as {
        day: string;
        dtoc_patients: number;
        nctr_patients: number;
      }[]).map((r) => [r.day, `${r.dtoc_patients}/${r.nctr_patients}`]),
    );
  const rowsOf = async (column: 'bed_stay_id' | 'admission_id', id: string) =>
    ((await t.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, hospital_ods, setting, dtoc, nctr, attribution FROM discharge_delay_snapshots WHERE ${column} = $1 ORDER BY day`,
      [id],
    )) as { day: string; hospital_ods: string; setting: string; dtoc: boolean; nctr: boolean; attribution: string | null }[]).map(
      (r) => `${r.day}:${r.hospital_ods}:${r.setting}:${r.dtoc ? 'dtoc' : '-'}:${r.nctr ? 'nctr' : '-'}:${r.attribution}`,
    );

  it('counts adults in community beds at each midnight, once a patient whatever the beds, exactly once across two instances, and catches up from history', async () => {
    const ids = await seed();
    const other = await createTestApp({ DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS: '10' }, { databaseUrl: t.databaseUrl });
    try {
      const now = new Date('2026-02-05T08:00:00Z');
      const [a, b] = await Promise.all([t.app.get(DischargeSnapshotService).catchUp(now), other.app.get(DischargeSnapshotService).catchUp(now)]);
      expect(a.days + b.days).toBe(10);
      expect(a.delayed + b.delayed).toBe(16);
      expect(await perDay()).toEqual({
        '2026-01-26': '0/0',
        '2026-01-27': '0/0',
        '2026-01-28': '1/0',
        '2026-01-29': '2/0',
        '2026-01-30': '2/0',
        '2026-01-31': '2/1',
        '2026-02-01': '2/1',
        '2026-02-02': '2/2',
        '2026-02-03': '1/1',
        '2026-02-04': '1/1',
      });
      // B1: the delay spanning month end, attributed by the reason current at each midnight.
      expect(await rowsOf('bed_stay_id', ids.b1.stay)).toEqual([
        '2026-01-28:TRUST1:community:dtoc:-:social_care',
        '2026-01-29:TRUST1:community:dtoc:-:social_care',
        '2026-01-30:TRUST1:community:dtoc:-:social_care',
        '2026-01-31:TRUST1:community:dtoc:nctr:social_care',
        '2026-02-01:TRUST1:community:dtoc:nctr:both',
        '2026-02-02:TRUST1:community:dtoc:nctr:both',
      ]);
      expect(await rowsOf('bed_stay_id', ids.b2.stay)).toEqual([]);
      // X: in the community bed until the acute admission, then counted there only (never twice a day).
      expect(await rowsOf('bed_stay_id', ids.x.stay)).toEqual([
        '2026-01-29:TRUST1:community:dtoc:-:null',
        '2026-01-30:TRUST1:community:dtoc:-:null',
        '2026-01-31:TRUST1:community:dtoc:-:null',
      ]);
      expect(await rowsOf('admission_id', ids.admission)).toEqual([
        `2026-02-01:${HOSPITAL}:acute:dtoc:-:nhs`,
        `2026-02-02:${HOSPITAL}:acute:dtoc:-:nhs`,
        `2026-02-03:${HOSPITAL}:acute:dtoc:-:nhs`,
        `2026-02-04:${HOSPITAL}:acute:dtoc:-:nhs`,
      ]);
      // The database refuses a second row for the patient on a day, whatever the bed.
      await expect(
        t.db.query(
          `INSERT INTO discharge_delay_snapshots (day, patient_id, bed_stay_id, hospital_ods, setting, age, dtoc, nctr)
           SELECT '2026-02-01', s.patient_id, s.id, 'TRUST1', 'community', 80, true, false FROM bed_stays s WHERE s.id = $1`,
          [ids.x.stay],
        ),
      ).rejects.toThrow(/duplicate key/);

      // Idempotent: a second run takes nothing.
      expect((await other.app.get(DischargeSnapshotService).catchUp(now)).days).toBe(0);

      // A delay reason entered late for B3, dated 6 February 09:00; then down until 8 February: the
      // next run takes 5, 6 and 7 February once, each from the history as it stood at that midnight.
      await post(`bed-stays/${ids.b3.stay}/delay-reasons`, { code: 'awaiting_housing', at: '2026-02-06T09:00:00Z' });
      const later = new Date('2026-02-08T08:00:00Z');
      const [c, d] = await Promise.all([t.app.get(DischargeSnapshotService).catchUp(later), other.app.get(DischargeSnapshotService).catchUp(later)]);
      expect(c.days + d.days).toBe(3);
      expect(await rowsOf('bed_stay_id', ids.b3.stay)).toEqual([
        '2026-02-02:TRUST1:community:-:nctr:null',
        '2026-02-03:TRUST1:community:-:nctr:null',
        '2026-02-04:TRUST1:community:-:nctr:null',
        '2026-02-05:TRUST1:community:-:nctr:null',
        '2026-02-06:TRUST1:community:-:nctr:social_care',
        '2026-02-07:TRUST1:community:-:nctr:social_care',
      ]);
    } finally {
      await other.close();
    }
  });

  it('delayed days per 100,000 adults include community beds, split at month end, by setting; DRD to discharge counts bed stays', async () => {
    await seed();
    await t.app.get(DischargeSnapshotService).catchUp(new Date('2026-02-05T08:00:00Z'));
    const commissioner = await bearer(t, { sub: 'comm-1', roles: ['commissioner'] });
    const get = async (from: string, to: string) => {
      const res = await t.http().get(`/api/v1/metrics?from=${from}&to=${to}`).set('Authorization', commissioner).expect(200);
      return Object.fromEntries(res.body.measures.map((m: { id: string }) => [m.id, m]));
    };
    const jan = await get('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(jan['bcf.delayed_transfer_days_per_100k']).toMatchObject({ numerator: 7, denominator: 6, value: 116666.7 });
    expect(jan['bcf.delayed_transfer_days_per_100k'].breakdown).toEqual([
      { key: 'attribution:nhs', count: 0 },
      { key: 'attribution:social_care', count: '<5' },
      { key: 'attribution:both', count: 0 },
      { key: 'attribution:unattributed', count: '<5' },
      { key: 'setting:acute', count: 0 },
      { key: 'setting:community', count: 7 },
    ]);
    expect(jan['discharge.days_past_discharge_ready_date_per_100k']).toMatchObject({ numerator: '<5', value: null });
    const feb = await get('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    expect(feb['bcf.delayed_transfer_days_per_100k']).toMatchObject({ numerator: 6, denominator: 6, value: 100000 });
    expect(feb['bcf.delayed_transfer_days_per_100k'].breakdown).toEqual([
      { key: 'attribution:nhs', count: '<5' },
      { key: 'attribution:social_care', count: 0 },
      { key: 'attribution:both', count: '<5' },
      { key: 'attribution:unattributed', count: 0 },
      { key: 'setting:acute', count: '<5' },
      { key: 'setting:community', count: '<5' },
    ]);
    expect(feb['discharge.days_past_discharge_ready_date_per_100k']).toMatchObject({ numerator: 5, denominator: 6, value: 83333.3 });
    // The counts behind the suppressed DRD-to-discharge measures: B1 only, 3 days after the DRD.
    const drd = await t.app
      .get(DischargeMeasuresRepository)
      .drdToDischarge(t.db.manager, { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }, new Date('2026-02-05T08:00:00Z'));
    expect(drd).toEqual({ n: 1, on_drd: 0, total_days: 3 });
    expect(feb['discharge.mean_days_drd_to_discharge']).toMatchObject({ denominator: '<5', value: null });
  });
});
