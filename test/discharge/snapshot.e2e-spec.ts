import { DischargeSnapshotService } from '../../src/modules/admissions/discharge/discharge-snapshot.service';
import { HOSPITAL, createAdmissionWorld, dischargeCoordinator } from '../admissions/support';
import { TestApp, createTestApp } from '../support/app';
import { bearer, nextNhsNumber } from '../support/factories';

/**
 * Hand-worked midnight snapshots (all times UTC = England in winter). Snapshots run at 08:00 on
 * 5 February 2026; the first run covers the 10 days 26 January - 4 February.
 *
 * | who | where | ready for transfer | delay reason | leaves | delayed at the midnight ending |
 * |---|---|---|---|---|---|
 * | P1 | acute | 30 Jan 10:00 | pathway 3 care home (social care) | 3 Feb 11:00 | 30, 31 Jan, 1, 2 Feb |
 * | P2 | acute | 30 Jan 10:00 | pathway 2 bed (NHS) | 3 Feb 11:00 | 30, 31 Jan, 1, 2 Feb |
 * | P3 | acute | 30 Jan 10:00 | none (unattributed) | 3 Feb 11:00 | 30, 31 Jan, 1, 2 Feb |
 * | P4 (aged 17) | acute | 30 Jan 10:00 | | 3 Feb 11:00 | never: adults only |
 * | P5 | acute | 30 Jan 10:00, withdrawn 1 Feb 09:00 | | still in | 30, 31 Jan |
 * | P6 | acute | DRD 2 Feb (no criteria to reside from 15:00) | | 4 Feb 10:00 | past DRD: 2, 3 Feb |
 * | P7 | community | 1 Feb 12:00 | | still in | 1, 2, 3, 4 Feb |
 *
 * DTOC days: January (1 Jan - 1 Feb) 4 + 4 = 8 (the delays spanning month end split at it);
 * February 4 + 4 + 1 + 1 = 10. Past-DRD days: February 2. Adults registered: 6 (P4 is 17) -> January
 * 8 / 6 = 133,333.3 per 100,000; February 10 / 6 = 166,666.7.
 */
describe('midnight delayed-patient snapshot', () => {
  let t: TestApp;
  let idt: string;
  beforeAll(async () => {
    t = await createTestApp({ DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS: '10' });
    idt = await dischargeCoordinator(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  async function person(dob = '1950-06-01') {
    const nhs = nextNhsNumber();
    await t.db.query(
      `INSERT INTO patients (nhs_number, given_name, family_name, date_of_birth, gp_practice_ods, version, created_at) VALUES ($1, 'Snap', 'Shot', $2, 'P00001', 1, '2025-01-01')`,
      [nhs, dob],
    );
    return nhs;
  }
  async function admitted(nhsNumber: string, admittedAt: string, hospitalOds = HOSPITAL): Promise<string> {
    const res = await t.http().post('/api/v1/admissions').set('Authorization', idt).send({ nhsNumber, hospitalOds, method: 'emergency', admittedAt });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const post = async (id: string, action: string, body: Record<string, unknown>) => {
    const res = await t.http().post(`/api/v1/discharge/admissions/${id}/${action}`).set('Authorization', idt).send(body);
    expect(res.status).toBe(200);
  };
  const ready = async (id: string, at: string) => {
    for (const step of ['clinically_ready', 'mdt_agreed', 'safe_to_transfer']) await post(id, 'readiness', { step, at });
  };
  const discharge = async (id: string, at: string) => {
    const res = await t.http().post(`/api/v1/admissions/${id}/discharge`).set('Authorization', idt).send({ at, destination: 'usual_residence' });
    expect(res.status).toBe(200);
  };

  async function seed() {
    const ids: Record<string, string> = {};
    for (const [name, dob] of [['P1'], ['P2'], ['P3'], ['P4', '2008-06-01'], ['P5']] as [string, string?][]) {
      ids[name] = await admitted(await person(dob), '2026-01-28T10:00:00Z');
      await ready(ids[name], '2026-01-30T10:00:00Z');
    }
    await post(ids.P1, 'delay-reasons', { code: 'awaiting_pathway_3_care_home', at: '2026-01-30T11:00:00Z' });
    await post(ids.P2, 'delay-reasons', { code: 'awaiting_pathway_2_bed', at: '2026-01-30T11:00:00Z' });
    await post(ids.P5, 'readiness', { step: 'safe_to_transfer', value: 'not_ready', at: '2026-02-01T09:00:00Z' });
    for (const n of ['P1', 'P2', 'P3', 'P4']) await discharge(ids[n], '2026-02-03T11:00:00Z');
    ids.P6 = await admitted(await person(), '2026-01-29T10:00:00Z');
    await post(ids.P6, 'criteria-to-reside', { decision: 'does_not_meet', at: '2026-02-02T15:00:00Z' });
    await discharge(ids.P6, '2026-02-04T10:00:00Z');
    ids.P7 = await admitted(await person(), '2026-01-31T10:00:00Z', 'TRUST1');
    await ready(ids.P7, '2026-02-01T12:00:00Z');
    return ids;
  }

  const perDay = async () =>
    Object.fromEntries(
      ((await t.db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, dtoc_patients, nctr_patients FROM discharge_snapshot_days ORDER BY day`)) as {
        day: string;
        dtoc_patients: number;
        nctr_patients: number;
      }[]).map((r) => [r.day, `${r.dtoc_patients}/${r.nctr_patients}`]),
    );

  it('counts each delayed adult at each midnight, exactly once across two instances, and catches up after downtime', async () => {
    const ids = await seed();
    const other = await createTestApp({ DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS: '10' }, { databaseUrl: t.databaseUrl });
    try {
      const now = new Date('2026-02-05T08:00:00Z');
      const [a, b] = await Promise.all([t.app.get(DischargeSnapshotService).catchUp(now), other.app.get(DischargeSnapshotService).catchUp(now)]);
      expect(a.days + b.days).toBe(10);
      expect(a.delayed + b.delayed).toBe(20);
      expect(await perDay()).toEqual({
        '2026-01-26': '0/0',
        '2026-01-27': '0/0',
        '2026-01-28': '0/0',
        '2026-01-29': '0/0',
        '2026-01-30': '4/0',
        '2026-01-31': '4/0',
        '2026-02-01': '4/0',
        '2026-02-02': '4/1',
        '2026-02-03': '1/1',
        '2026-02-04': '1/0',
      });
      const p1: { day: string; attribution: string; delay_code: string; setting: string }[] = await t.db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, attribution, delay_code, setting FROM discharge_delay_snapshots WHERE admission_id = $1 ORDER BY day`,
        [ids.P1],
      );
      expect(p1.map((r) => `${r.day}:${r.attribution}:${r.setting}`)).toEqual([
        '2026-01-30:social_care:acute',
        '2026-01-31:social_care:acute',
        '2026-02-01:social_care:acute',
        '2026-02-02:social_care:acute',
      ]);
      const [{ n: minors }] = await t.db.query('SELECT count(*)::int AS n FROM discharge_delay_snapshots WHERE admission_id = $1', [ids.P4]);
      expect(minors).toBe(0);

      // Taken days never change: a delay reason entered late for P7 does not rewrite 2 February.
      await post(ids.P7, 'delay-reasons', { code: 'awaiting_pathway_1_home_support', at: '2026-02-02T09:00:00Z' });
      expect((await t.app.get(DischargeSnapshotService).catchUp(now)).days).toBe(0);
      const [{ attribution }] = await t.db.query(`SELECT attribution FROM discharge_delay_snapshots WHERE admission_id = $1 AND day = '2026-02-02'`, [ids.P7]);
      expect(attribution).toBeNull();

      // Down from 5 to 8 February: the next run takes 5, 6 and 7 February (P7, now social care), once.
      const later = new Date('2026-02-08T08:00:00Z');
      const [c, d] = await Promise.all([t.app.get(DischargeSnapshotService).catchUp(later), other.app.get(DischargeSnapshotService).catchUp(later)]);
      expect(c.days + d.days).toBe(3);
      const after = await perDay();
      expect(Object.keys(after)).toHaveLength(13);
      expect([after['2026-02-05'], after['2026-02-06'], after['2026-02-07']]).toEqual(['1/0', '1/0', '1/0']);
      const [{ n: sc }] = await t.db.query(`SELECT count(*)::int AS n FROM discharge_delay_snapshots WHERE admission_id = $1 AND attribution = 'social_care'`, [ids.P7]);
      expect(sc).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('delayed days per 100,000 adults are the sum of daily counts, split at month end, by attribution and setting', async () => {
    await seed();
    await t.app.get(DischargeSnapshotService).catchUp(new Date('2026-02-05T08:00:00Z'));
    const commissioner = await bearer(t, { sub: 'comm-1', roles: ['commissioner'] });
    const get = async (from: string, to: string) => {
      const res = await t.http().get(`/api/v1/metrics?from=${from}&to=${to}`).set('Authorization', commissioner).expect(200);
      return Object.fromEntries(res.body.measures.map((m: { id: string }) => [m.id, m]));
    };
    const jan = await get('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(jan['bcf.delayed_transfer_days_per_100k']).toMatchObject({ numerator: 8, denominator: 6, value: 133333.3 });
    expect(jan['bcf.delayed_transfer_days_per_100k'].breakdown).toEqual([
      { key: 'attribution:nhs', count: '<5' },
      { key: 'attribution:social_care', count: '<5' },
      { key: 'attribution:both', count: 0 },
      { key: 'attribution:unattributed', count: '<5' },
      { key: 'setting:acute', count: 8 },
      { key: 'setting:community', count: 0 },
    ]);
    expect(jan['discharge.days_past_discharge_ready_date_per_100k']).toMatchObject({ numerator: 0, value: 0 });
    const feb = await get('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    expect(feb['bcf.delayed_transfer_days_per_100k']).toMatchObject({ numerator: 10, denominator: 6, value: 166666.7 });
    // Community 4 is hidden; acute 6 is hidden too (secondary suppression), or 10 - 6 would give the 4 back.
    expect(feb['bcf.delayed_transfer_days_per_100k'].breakdown).toEqual(expect.arrayContaining([{ key: 'setting:acute', count: '*' }, { key: 'setting:community', count: '<5' }]));
    // Two past-DRD days: suppressed, rate withheld. One discharge with a DRD (P6, 2 days after it): suppressed too.
    expect(feb['discharge.days_past_discharge_ready_date_per_100k']).toMatchObject({ numerator: '<5', value: null });
    expect(feb['discharge.discharged_on_discharge_ready_date']).toMatchObject({ numerator: 0, denominator: '<5', value: null });
    expect(feb['discharge.mean_days_drd_to_discharge']).toMatchObject({ denominator: '<5', value: null });
    // The trend for the dashboard: weekly sums of the same rows.
    await t.http().get('/api/v1/discharge/delayed-days-trend?weeks=3').set('Authorization', commissioner).expect(200);
    const trend = await t.app.get(DischargeSnapshotService).weeklyTrend(2, new Date('2026-02-05T08:00:00Z'));
    expect(trend.weeks).toEqual([
      { weekStart: '2026-01-26', dtocDays: 12, nctrDays: 0, dtocDaysByAttribution: { nhs: 3, social_care: 3, both: 0, unattributed: 6 } },
      { weekStart: '2026-02-02', dtocDays: 6, nctrDays: 2, dtocDaysByAttribution: { nhs: 1, social_care: 1, both: 0, unattributed: 4 } },
    ]);
  });
});
