import { BED_TEAM, addBeds, as, createUnit, requestBed } from '../beds/beds-fixtures';
import { admit, createAdmissionWorld, daysAgo, dischargeCoordinator, patientKnownToTwoTeams } from '../admissions/support';
import { TestApp, createTestApp } from '../support/app';
import { createOrganisation, createTeam, navigator } from '../support/factories';

describe('residence history is written by discharges, bed-stay ends and updates', () => {
  let t: TestApp;
  let idt: string;
  beforeAll(async () => {
    t = await createTestApp();
    idt = await dischargeCoordinator(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
    await createOrganisation(t, { odsCode: 'VM001', type: 'care_home', name: 'Harbour View Care Home' });
    await createTeam(t, { code: BED_TEAM, type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
  });

  const residences = async (nhs: string) => (await t.http().get(`/api/v1/patients/${nhs}/residences`).set('Authorization', idt).expect(200)).body.items;
  const rows = async () => (await t.db.query('SELECT count(*)::int AS n FROM patient_residences'))[0].n as number;
  const admitted = async (nhsNumber: string) => {
    const res = await admit(t, { nhsNumber, admittedAt: daysAgo(5).toISOString() });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('a hospital discharge to a new care home moves the person there (with the home), validated first', async () => {
    const nhs = await patientKnownToTwoTeams(t);
    const id = await admitted(nhs);
    const discharge = (body: Record<string, unknown>) => t.http().post(`/api/v1/admissions/${id}/discharge`).set('Authorization', idt).send({ at: daysAgo(1).toISOString(), ...body });
    expect((await discharge({ destination: 'usual_residence', careHomeOds: 'VM001' })).status).toBe(400);
    expect((await discharge({ destination: 'care_home_new', careHomeOds: 'P00001' })).status).toBe(400);
    expect(await rows()).toBe(0);
    const [{ status }] = await t.db.query('SELECT status FROM admissions WHERE id = $1', [id]);
    expect(status).toBe('inpatient');
    expect((await discharge({ destination: 'care_home_new', careHomeOds: 'VM001' })).status).toBe(200);
    expect(await residences(nhs)).toEqual([{ kind: 'care_home', careHomeOds: 'VM001', from: daysAgo(1).toISOString().slice(0, 10), to: null, source: 'hospital_discharge' }]);
  });

  it('a step-down stay ending in a care home moves the person; ending at home changes nothing', async () => {
    const manager = await t.token({ sub: 'bm-1', roles: ['bed_manager'], teams: [BED_TEAM] });
    const unit = await createUnit(t, manager);
    await addBeds(t, manager, unit.id, 2);
    const token = await t.token({ sub: 'idt-1', roles: ['discharge_coordinator'], teams: ['IDT-1'] });
    const a = await requestBed(t, token, { needs: [], priority: 'urgent' });
    const b = await requestBed(t, token, { needs: [], priority: 'urgent' });
    for (const r of [a, b]) {
      expect(r.res.status).toBe(201);
      await as(t, manager).post(`/bed-stays/${r.res.body.stay.id}/admit`, {}).expect(200);
    }
    await as(t, manager).post(`/bed-stays/${a.res.body.stay.id}/discharge`, { destination: 'care_home' }).expect(200);
    await as(t, manager).post(`/bed-stays/${b.res.body.stay.id}/discharge`, { destination: 'usual_residence' }).expect(200);
    expect(await residences(a.nhsNumber)).toEqual([expect.objectContaining({ kind: 'care_home', careHomeOds: null, source: 'bed_stay_discharge', to: null })]);
    expect(await residences(b.nhsNumber)).toEqual([]);
  });

  it('a community move recorded by social care closes the current period; bad moves are 400 and change nothing', async () => {
    const nhs = await patientKnownToTwoTeams(t);
    const nav = await navigator(t);
    const move = (body: Record<string, unknown>) => t.http().post(`/api/v1/patients/${nhs}/residences`).set('Authorization', nav).send(body);
    await move({ kind: 'home', from: '2020-01-01' }).expect(200);
    await move({ kind: 'home', from: '2021-01-01' }).expect(200);
    const history = (await move({ kind: 'care_home', careHomeOds: 'VM001', from: '2026-03-01' }).expect(200)).body.items;
    expect(history).toEqual([
      { kind: 'home', careHomeOds: null, from: '2020-01-01', to: '2026-03-01', source: 'update' },
      { kind: 'care_home', careHomeOds: 'VM001', from: '2026-03-01', to: null, source: 'update' },
    ]);
    const before = await rows();
    for (const body of [
      { kind: 'home', from: '2026-02-01' },
      { kind: 'home', careHomeOds: 'VM001', from: '2026-04-01' },
      { kind: 'care_home', careHomeOds: 'P00001', from: '2026-04-01' },
      { kind: 'home', from: '2099-01-01' },
      { kind: 'home', from: '2026-02-30' },
      { kind: 'hotel', from: '2026-04-01' },
    ]) {
      const res = await move(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await rows()).toBe(before);
    // Overlapping periods are refused by the database itself.
    await expect(
      t.db.query(`INSERT INTO patient_residences (patient_id, kind, from_date, source, recorded_at, recorded_by) SELECT id, 'home', '2026-03-05', 'update', now(), 'x' FROM patients WHERE nhs_number = $1`, [nhs]),
    ).rejects.toThrow(/ex_patient_residences_no_overlap/);
  });

  it('records a reablement start as an outcome of a discharge; another patient’s admission is refused', async () => {
    const nhs = await patientKnownToTwoTeams(t);
    const other = await patientKnownToTwoTeams(t);
    const id = await admitted(nhs);
    const otherAdmission = await admitted(other);
    const post = (body: Record<string, unknown>) => t.http().post(`/api/v1/patients/${nhs}/reablement-starts`).set('Authorization', idt).send(body);
    const ok = await post({ startedAt: daysAgo(1).toISOString(), setting: 'home', admissionId: id }).expect(200);
    expect(ok.body).toMatchObject({ setting: 'home', admissionId: id });
    await post({ startedAt: daysAgo(1).toISOString(), setting: 'home', admissionId: otherAdmission }).expect(400);
    await post({ startedAt: new Date(Date.now() + 86_400_000).toISOString(), setting: 'home' }).expect(400);
    await post({ startedAt: daysAgo(1).toISOString(), setting: 'spa' }).expect(400);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM reablement_starts');
    expect(n).toBe(1);
  });

  it('care homes: beds and support team; the team is alerted when a resident is admitted; admissions per bed per year', async () => {
    await createTeam(t, { code: 'CHS-DD', type: 'care_home_support', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    const admin = await t.token({ sub: 'admin-1', roles: ['admin'] });
    await t.http().put('/api/v1/care-homes/VM001').set('Authorization', `Bearer ${admin}`).send({ beds: 0 }).expect(400);
    await t.http().put('/api/v1/care-homes/P00001').set('Authorization', `Bearer ${admin}`).send({ beds: 10 }).expect(404);
    await t.http().put('/api/v1/care-homes/VM001').set('Authorization', `Bearer ${admin}`).send({ beds: 10, supportTeamCode: 'CHS-DD' }).expect(200);
    const nav = await navigator(t);
    const residents: string[] = [];
    for (let i = 0; i < 5; i++) {
      const nhs = await patientKnownToTwoTeams(t);
      await t.http().post(`/api/v1/patients/${nhs}/residences`).set('Authorization', nav).send({ kind: 'care_home', careHomeOds: 'VM001', from: daysAgo(30).toISOString().slice(0, 10) }).expect(200);
      residents.push(nhs);
    }
    for (const nhs of residents) await admitted(nhs);
    const alerts: { team_code: string }[] = await t.db.query(`SELECT team_code FROM alerts WHERE type = 'admission' AND team_code = 'CHS-DD'`);
    expect(alerts).toHaveLength(5);
    const admissions = await t.db.query(`SELECT known_to FROM admissions`);
    for (const a of admissions) expect(a.known_to).toEqual(expect.arrayContaining([{ teamCode: 'CHS-DD', relationship: 'care_home_resident' }]));
    const home = await t.http().get('/api/v1/care-homes/VM001').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(home.body).toEqual({
      odsCode: 'VM001',
      name: 'Harbour View Care Home',
      beds: 10,
      supportTeamCode: 'CHS-DD',
      residents: 5,
      admissionsLast365Days: 5,
      admissionsPerBedPerYear: 0.5,
    });
  });
});
