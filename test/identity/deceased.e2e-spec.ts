import type { PdsSimulator } from '../../scripts/pds-simulator';
import { admit, createAdmissionWorld, daysAgo } from '../admissions/support';
import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createReferral, createTeam, navigator, patientBody, referralBody } from '../support/factories';
import { pdsEnv, startPds, untracedReferral } from './support';

describe('a patient who has died', () => {
  let sim: PdsSimulator;
  let t: TestApp;
  beforeAll(async () => {
    sim = await startPds();
    t = await createTestApp(pdsEnv(sim));
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
  });

  it('closes referral parts and episodes (died), cancels waiting bed requests, and stops alerts and reminders', async () => {
    const coordinator = { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' };
    const nhs = await createPatient(t, { careCoordinator: coordinator });
    const gp = await bearer(t, { sub: 'gp-1', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
    const referral = await createReferral(t, referralBody({ nhsNumber: nhs }));
    await t.http().post('/api/v1/proactive-care/episodes').set('Authorization', gp).send({ nhsNumber: nhs, careCoordinator: coordinator, accountableGp: 'Dr One' }).expect(201);
    await createTeam(t, { code: 'BEDS-DD', type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    const manager = await bearer(t, { sub: 'bm-1', roles: ['bed_manager'], teams: ['BEDS-DD'] });
    // a unit with one bed, offered to someone else first: our patient's request waits
    const unit = (await t.http().post('/api/v1/bed-units').set('Authorization', manager).send({ name: 'Deal Ward', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal', teamCode: 'BEDS-DD' }).expect(201)).body;
    await t.http().post(`/api/v1/bed-units/${unit.id}/beds`).set('Authorization', manager).send({ label: 'B01', capabilities: [] }).expect(201);
    const other = await createPatient(t, { familyName: 'Other' });
    await t.http().post('/api/v1/bed-requests').set('Authorization', gp).send({ direction: 'step_up', nhsNumber: other }).expect(201);
    const bed = await t.http().post('/api/v1/bed-requests').set('Authorization', gp).send({ direction: 'step_up', nhsNumber: nhs });
    expect([bed.status, bed.body.code]).toEqual([201, undefined]);

    const diedAt = daysAgo(1).toISOString();
    const nav = await navigator(t);
    await t.http().put(`/api/v1/patients/${nhs}`).set('Authorization', nav).send(patientBody({ careCoordinator: coordinator, deceasedAt: diedAt })).expect(200);

    const [r] = await t.db.query('SELECT status, closed_reason FROM referrals WHERE id = $1', [referral.id]);
    expect(r).toEqual({ status: 'completed', closed_reason: 'died' });
    const [e] = await t.db.query('SELECT status, reason FROM proactive_care_episodes');
    expect(e).toEqual({ status: 'withdrawn', reason: 'died' });
    const [b] = await t.db.query('SELECT r.status, r.cancel_reason FROM bed_requests r JOIN patients p ON p.id = r.patient_id WHERE p.nhs_number = $1', [nhs]);
    expect(b).toEqual({ status: 'cancelled', cancel_reason: 'died' });

    // still known to the care coordinator's team, but nobody is alerted or asked to follow up
    const a = await admit(t, { nhsNumber: nhs, admittedAt: daysAgo(2).toISOString() });
    expect(a.status).toBe(201);
    expect(a.body.alertsRaised).toBe(0);
    expect(await t.db.query(`SELECT id FROM alerts WHERE type = 'admission'`)).toEqual([]);

    const view = await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', nav).expect(200);
    expect(view.body).toMatchObject({ deceasedAt: diedAt, activeEpisode: null, openReferrals: [] });
  });

  it('takes the date of death from PDS when a trace attaches the number', async () => {
    await t.db.query(`INSERT INTO organisations (ods_code, name, type) VALUES ('Z99002', 'Practice Z99002', 'gp_practice')`);
    const { patientId } = await untracedReferral(t, { givenName: 'Florence', familyName: 'Nightingale', dateOfBirth: '1930-05-12', postcode: 'CT17 9BU' });
    const res = await t.http().post(`/api/v1/patients/untraced/${patientId}/trace`).set('Authorization', await navigator(t)).expect(200);
    expect(res.body).toMatchObject({ outcome: 'attached', nhsNumber: '9992000058' });
    const [p] = await t.db.query('SELECT deceased_at FROM patients WHERE id = $1', [patientId]);
    expect(p.deceased_at.toISOString()).toBe('2026-10-01T08:30:00.000Z');
    const [r] = await t.db.query('SELECT status, closed_reason FROM referrals WHERE patient_id = $1', [patientId]);
    expect(r).toEqual({ status: 'completed', closed_reason: 'died' });
  });
});
