import { HOSPITAL, IDT, admit, createAdmissionWorld, daysAgo, dischargeCoordinator } from '../admissions/support';
import { RelationshipRegistry } from '../../src/common/access/relationship-registry';
import { PatientViewRegistry } from '../../src/modules/patients/patient-view.registry';
import { PatientEntity } from '../../src/modules/patients/patient.entity';
import { TestApp, createTestApp } from '../support/app';
import { bearer, clinician, createPatient, createTeam, navigator } from '../support/factories';

/**
 * Issue 14: access is not involvement. The registered practice and aligned teams may open the
 * record; only involved teams are alerted, get follow-ups and count as "known to".
 */
describe('access vs involvement', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createAdmissionWorld(t);
    await createTeam(t, { code: 'RR-1', type: 'rapid_response', organisationOds: 'TRUST1', alignedPracticeOds: ['P00001'] });
  });

  const gpOf = (org: string, sub = `gp-${org}`) => bearer(t, { sub, name: 'Dr Practice', roles: ['gp'], teams: [], org });
  const practiceStaff = (org: string) => bearer(t, { sub: `ps-${org}`, roles: ['practice_staff'], teams: [], org });
  const alertTeams = async (type: string) =>
    ((await t.db.query('SELECT team_code FROM alerts WHERE type = $1 ORDER BY team_code', [type])) as { team_code: string }[]).map((r) => r.team_code);
  const followUpTeams = async () =>
    ((await t.db.query(`SELECT team_code FROM tasks WHERE type = 'post_discharge_follow_up' ORDER BY team_code`)) as { team_code: string }[]).map((r) => r.team_code);
  const discharge = async (id: string) =>
    t.http().post(`/api/v1/admissions/${id}/discharge`).set('Authorization', await dischargeCoordinator(t)).send({ at: new Date().toISOString(), destination: 'usual_residence' });

  describe('the registered GP practice', () => {
    it('lets a GP (token org = practice, no team) read their registered patient; another practice gets 404', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001' });
      const own = await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', await gpOf('P00001')).expect(200);
      expect(own.body.mayAccess).toContainEqual({ orgOds: 'P00001', relationships: ['registered_practice'] });
      expect(own.body.knownTo).toEqual([]);
      await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', await practiceStaff('P00001')).expect(200);
      await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', await gpOf('P00002')).expect(404);
      // a clinician whose token names the practice is not practice staff
      await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', await bearer(t, { sub: 'c9', roles: ['clinician'], teams: [], org: 'P00001' })).expect(404);
    });
  });

  describe('consent declined narrows the care plan', () => {
    it('practice, authoring team and the named coordinator read it; the aligned teams (rapid response included) do not', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001', careCoordinator: { staffId: 'cc-7', name: 'Cara', teamCode: 'NCT-B' } });
      const author = await bearer(t, { sub: 'nurse-b', roles: ['clinician'], teams: ['NCT-B'] });
      await t.http().put(`/api/v1/patients/${nhs}/care-plan`).set('Authorization', author).send({ goals: 'Stay at home' }).expect(201);
      await t
        .http()
        .put(`/api/v1/patients/${nhs}/consent`)
        .set('Authorization', author)
        .send({ decision: 'declined', scope: 'care_plan_sharing', recordedBy: 'Nurse B', recordedAt: '2026-01-10T11:00:00+00:00' })
        .expect(201);
      const read = async (token: string) => (await t.http().get(`/api/v1/patients/${nhs}/care-plan`).set('Authorization', token)).status;
      expect(await read(await gpOf('P00001'))).toBe(200);
      expect(await read(await practiceStaff('P00001'))).toBe(200);
      expect(await read(author)).toBe(200);
      expect(await read(await bearer(t, { sub: 'cc-7', roles: ['care_coordinator'], teams: [] }))).toBe(200);
      expect(await read(await clinician(t, ['NCT-A']))).toBe(404);
      expect(await read(await clinician(t, ['RR-1']))).toBe(404);
      expect(await read(await navigator(t))).toBe(404);
      expect(await read(await gpOf('P00002'))).toBe(404);
      // the GP records the agreement to the plan
      await t
        .http()
        .post(`/api/v1/patients/${nhs}/care-plan/agreements`)
        .set('Authorization', await gpOf('P00001'))
        .send({ role: 'gp', name: 'Dr Practice', patientInvolved: false })
        .expect(200);
    });

    it('only a GP of the registered practice records the GP agreement as themselves; anyone else says on whose behalf', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001' });
      const nurse = await bearer(t, { sub: 'nurse-a', name: 'Nia Nurse', roles: ['clinician'], teams: ['NCT-A'] });
      await t.http().put(`/api/v1/patients/${nhs}/care-plan`).set('Authorization', nurse).send({ goals: 'Stay at home' }).expect(201);
      const agree = (token: string, body: object) => t.http().post(`/api/v1/patients/${nhs}/care-plan/agreements`).set('Authorization', token).send(body);
      const refused = await agree(nurse, { role: 'gp', name: 'Dr Practice', patientInvolved: false });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'recordedOnBehalfOf' })]);
      const otherGp = await agree(await gpOf('P00002'), { role: 'gp', name: 'Dr Elsewhere', patientInvolved: false });
      expect(otherGp.status).toBe(404); // not their patient at all
      const onBehalf = await agree(nurse, { role: 'gp', name: 'Dr Practice', patientInvolved: false, recordedOnBehalfOf: 'Dr Practice' });
      expect(onBehalf.status).toBe(200);
      expect(onBehalf.body.agreements).toEqual([
        expect.objectContaining({ role: 'gp', name: 'Dr Practice', recordedBy: 'nurse-a', recordedByName: 'Nia Nurse', recordedOnBehalfOf: 'Dr Practice' }),
      ]);
      const own = await agree(await gpOf('P00001'), { role: 'gp', name: 'Dr Practice', patientInvolved: true });
      expect(own.body.agreements[1]).toMatchObject({ recordedBy: 'gp-P00001', recordedOnBehalfOf: null });
    });
  });

  describe('the relationships of a patient', () => {
    it('come from every capability in one statement, each tagged with its own relationship', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001', careCoordinator: { staffId: 'cc-9', name: 'Cara', teamCode: 'NCT-B' } });
      const nct = await clinician(t, ['NCT-A']);
      await t
        .http()
        .post(`/api/v1/patients/${nhs}/involvements`)
        .set('Authorization', nct)
        .send({ teamCode: 'NCT-A', reason: 'Visiting after a fall at home', endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
        .expect(201);
      expect((await admit(t, { nhsNumber: nhs })).status).toBe(201);
      const [patient] = (await t.db.query(
        'SELECT id, gp_practice_ods AS "gpPracticeOds", care_coordinator_staff_id AS "careCoordinatorStaffId", care_coordinator_team_code AS "careCoordinatorTeamCode" FROM patients WHERE nhs_number = $1',
        [nhs],
      )) as { id: string; gpPracticeOds: string; careCoordinatorStaffId: string; careCoordinatorTeamCode: string }[];
      const relationships = await t.db.transaction(async (em) => {
        const statements = jest.spyOn(em, 'query');
        const found = await t.app.get(RelationshipRegistry).relationshipsOf(em, patient);
        expect(statements).toHaveBeenCalledTimes(1);
        return found;
      });
      const aligned = ((await t.db.query("SELECT team_code FROM team_practices WHERE practice_ods = 'P00001' ORDER BY team_code")) as { team_code: string }[]).map(
        (r) => ({ teamCode: r.team_code, relationship: 'gp_practice_alignment' }),
      );
      expect(aligned.length).toBeGreaterThan(0);
      expect(relationships).toEqual(
        expect.arrayContaining([
          ...aligned,
          { teamCode: 'NCT-B', relationship: 'care_coordinator_team' },
          { teamCode: 'NCT-B', relationship: 'care_coordinator', staffId: 'cc-9' },
          { teamCode: 'P00001', relationship: 'registered_practice', orgOds: 'P00001' },
          { teamCode: 'NCT-A', relationship: 'explicit_involvement' },
          { teamCode: IDT, relationship: 'inpatient_admission' },
        ]),
      );
      expect(relationships).toHaveLength(aligned.length + 5);

      // the single view's sections, from every capability, are one statement too
      const entity = await t.db.getRepository(PatientEntity).findOneByOrFail({ id: patient.id });
      const sections = await t.db.transaction(async (em) => {
        const statements = jest.spyOn(em, 'query');
        const found = await t.app.get(PatientViewRegistry).sectionsFor(em, entity);
        expect(statements).toHaveBeenCalledTimes(1);
        return found;
      });
      expect(sections).toMatchObject({
        currentAdmission: { hospitalOds: HOSPITAL, method: 'emergency', readmission: false },
        openReferrals: [],
        activeEpisode: null,
        latestRisk: null,
        carePlan: null,
        bedStay: null,
        bedRequest: null,
      });
      // the involved team and the care coordinator's team were alerted to the admission
      expect((sections.openAlerts as { teamCode: string; type: string }[]).map((a) => `${a.type}:${a.teamCode}`).sort()).toEqual(['admission:NCT-A', 'admission:NCT-B']);
      expect((sections.currentAdmission as { admittedAt: string }).admittedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  });

  describe('admissions alert involved teams only', () => {
    it('a patient only registered at an aligned practice alerts nobody but is still readable by the aligned team', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001' });
      const res = await admit(t, { nhsNumber: nhs });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ knownTo: [], alertsRaised: 0 });
      expect(await alertTeams('admission')).toEqual([]);
      await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', await clinician(t, ['NCT-A'])).expect(200);
      await discharge(res.body.id).then((r) => expect(r.status).toBe(200));
      expect(await followUpTeams()).toEqual([]);
    });

    it('an explicitly involved team (reason, end date) is alerted, gets the follow-up, and stays involved while it is open', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001' });
      const nct = await clinician(t, ['NCT-A']);
      const added = await t
        .http()
        .post(`/api/v1/patients/${nhs}/involvements`)
        .set('Authorization', nct)
        .send({ teamCode: 'NCT-A', reason: 'Visiting after a fall at home', endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
        .expect(201);
      expect(added.headers.location).toBe(`/api/v1/patients/${nhs}/involvements/${added.body.id}`);
      const view = await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', nct).expect(200);
      expect(view.body.knownTo).toEqual([{ teamCode: 'NCT-A', relationships: ['explicit_involvement'] }]);

      const res = await admit(t, { nhsNumber: nhs });
      expect(res.body.knownTo).toEqual([{ teamCode: 'NCT-A', relationship: 'explicit_involvement' }]);
      expect(await alertTeams('admission')).toEqual(['NCT-A']);

      // ended early: the discharge still follows up with the teams involved at discharge (none now but the IDT's own stay)
      await t.http().delete(`/api/v1/patients/${nhs}/involvements/${added.body.id}`).set('Authorization', nct).expect(200);
      await discharge(res.body.id).then((r) => expect(r.status).toBe(200));
      expect(await followUpTeams()).toEqual([]);
    });

    it('the follow-up task makes its team involved until it is done', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001', careCoordinator: { staffId: 'cc-1', name: 'Casey', teamCode: 'NCT-A' } });
      const first = await admit(t, { nhsNumber: nhs, admittedAt: daysAgo(3).toISOString() });
      await discharge(first.body.id).then((r) => expect(r.status).toBe(200));
      expect(await followUpTeams()).toEqual(['NCT-A']);
      // the coordinator leaves; the open follow-up still makes NCT-A involved
      await t.db.query('UPDATE patients SET care_coordinator_team_code = NULL, care_coordinator_staff_id = NULL WHERE nhs_number = $1', [nhs]);
      const view = await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', await navigator(t)).expect(200);
      expect(view.body.knownTo).toEqual([{ teamCode: 'NCT-A', relationships: ['discharge_follow_up'] }]);
    });

    it('refuses an explicit involvement without a future end date or with an unknown team, changing nothing', async () => {
      const nhs = await createPatient(t, { gpPracticeOds: 'P00001' });
      const nct = await clinician(t, ['NCT-A']);
      const past = await t.http().post(`/api/v1/patients/${nhs}/involvements`).set('Authorization', nct).send({ teamCode: 'NCT-A', reason: 'Because', endsAt: '2020-01-01T00:00:00Z' });
      expect(past.status).toBe(400);
      expect(past.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(past.body.errors).toEqual([{ field: 'endsAt', message: 'is in the past' }]);
      const unknown = await t
        .http()
        .post(`/api/v1/patients/${nhs}/involvements`)
        .set('Authorization', nct)
        .send({ teamCode: 'NOPE-1', reason: 'Because', endsAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(unknown.status).toBe(400);
      const missing = await t.http().post(`/api/v1/patients/${nhs}/involvements`).set('Authorization', nct).send({ teamCode: 'NCT-A', endsAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(missing.status).toBe(400);
      expect(await t.db.query('SELECT id FROM patient_involvements')).toEqual([]);
    });
  });

  describe('team subscriptions', () => {
    it('are off by default; when on, the team hears every admission of its aligned practices without becoming involved', async () => {
      const rr = await bearer(t, { sub: 'rr-1', roles: ['care_coordinator'], teams: ['RR-1'] });
      expect((await t.http().get('/api/v1/teams/RR-1/subscriptions').set('Authorization', rr).expect(200)).body).toEqual({
        teamCode: 'RR-1',
        admissionsOfAlignedPractices: false,
      });
      // another team may not switch it on for them
      await t.http().put('/api/v1/teams/RR-1/subscriptions').set('Authorization', await bearer(t, { sub: 'x', roles: ['gp'], teams: ['NCT-A'] })).send({ admissionsOfAlignedPractices: true }).expect(403);
      await t.http().put('/api/v1/teams/RR-1/subscriptions').set('Authorization', rr).send({ admissionsOfAlignedPractices: 'yes' }).expect(400);
      await t.http().put('/api/v1/teams/RR-1/subscriptions').set('Authorization', rr).send({ admissionsOfAlignedPractices: true }).expect(200);

      const ours = await createPatient(t, { gpPracticeOds: 'P00001' });
      const theirs = await createPatient(t, { gpPracticeOds: 'P00002' });
      const a = await admit(t, { nhsNumber: ours });
      await admit(t, { nhsNumber: theirs });
      expect(a.body).toMatchObject({ knownTo: [], alertsRaised: 1 });
      expect(await alertTeams('admission')).toEqual(['RR-1']);
      await discharge(a.body.id).then((r) => expect(r.status).toBe(200));
      expect(await followUpTeams()).toEqual([]);
      expect(HOSPITAL).toBeTruthy();
      expect(IDT).toBeTruthy();
    });
  });
});
