import { TestApp, createTestApp } from '../support/app';
import { adminToken, createPatient, createWorld, patientBody } from '../support/factories';

/**
 * Issue 12 item 5 (and the __proto__ part of item 11): malformed bodies that answered 5xx. Each is
 * a 400 problem+json naming the field, and changes nothing.
 */
describe('malformed input is a 400 naming the field, never a 5xx', () => {
  let t: TestApp;
  let admin: string;
  let nav: string;
  let nurse: string;
  let coordinator: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
    coordinator = await t.token({ sub: 'cc-1', roles: ['care_coordinator', 'gp'], teams: ['NCT-A'], org: 'P00001' });
    nurse = await t.token({ sub: 'nurse-a', roles: ['clinician', 'care_coordinator'], teams: ['NCT-A'] });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  const counts = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM organisations)::int AS orgs, (SELECT count(*) FROM teams)::int AS teams,
      (SELECT count(*) FROM patients)::int AS patients, (SELECT count(*) FROM mdt_meetings)::int AS meetings,
      (SELECT count(*) FROM care_plan_versions)::int AS plans`))[0];

  async function expect400(method: 'post' | 'put' | 'patch', path: string, token: string, raw: string, field: string) {
    const before = await counts();
    const res = await t.http()[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(raw);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 400, type: expect.stringContaining('application/problem+json') });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await counts()).toEqual(before);
  }

  it('refuses 20,000-deep nesting', () => expect400('post', '/organisations', admin, `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 'body'));
  it('refuses a NUL character in a string', () =>
    expect400('post', '/organisations', admin, JSON.stringify({ odsCode: 'Z99100', name: 'Bad\u0000Name', type: 'gp_practice' }), 'name'));
  it('refuses a lone surrogate', () => expect400('post', '/organisations', admin, '{"odsCode":"Z99101","name":"Bad \\ud800 name","type":"gp_practice"}', 'name'));
  it('refuses __proto__ and constructor keys', async () => {
    await expect400('post', '/organisations', admin, '{"odsCode":"Z99102","name":"X","type":"gp_practice","__proto__":{"admin":true}}', '__proto__');
    await expect400('post', '/organisations', admin, '{"odsCode":"Z99102","name":"X","type":"gp_practice","constructor":{"prototype":{}}}', 'constructor');
  });
  it.each(['name', 'type'])('refuses null for the required field %s in PATCH /organisations', (field) =>
    expect400('patch', '/organisations/P00001', admin, JSON.stringify({ [field]: null }), field),
  );
  it.each(['name', 'type', 'organisationOds', 'operatingHours'])('refuses null for the required field %s in PATCH /teams', (field) =>
    expect400('patch', '/teams/NCT-A', admin, JSON.stringify({ [field]: null }), field),
  );
  it.each(['2026-02-30T13:00:00Z', '2026-03-01T25:61:00Z'])('refuses the impossible meeting start %s', (start) =>
    expect400('post', '/mdt/meetings', coordinator, JSON.stringify({ practiceOds: 'P00001', teamCode: 'NCT-A', start, durationMinutes: 60, minutesPerPatient: 10, coreRoles: ['gp'] }), 'start'),
  );
  it('refuses an impossible first date of an MDT series', () =>
    expect400(
      'post',
      '/mdt/series',
      coordinator,
      JSON.stringify({ practiceOds: 'P00001', teamCode: 'NCT-A', recurrence: 'FREQ=MONTHLY;BYDAY=1TU', startTime: '13:00', durationMinutes: 60, minutesPerPatient: 10, coreRoles: ['gp'], firstDate: '2026-02-30' }),
      'firstDate',
    ));
  it('refuses careCoordinator: []', async () => {
    const nhs = '9990000018';
    await expect400('put', `/patients/${nhs}`, nav, JSON.stringify(patientBody({ careCoordinator: [] })), 'careCoordinator');
  });
  it('refuses contacts: [[]] in a care plan', async () => {
    const nhs = await createPatient(t);
    await expect400('put', `/patients/${nhs}/care-plan`, nurse, JSON.stringify({ goals: 'Walk to the shop', contacts: [[]] }), 'contacts');
  });
});
