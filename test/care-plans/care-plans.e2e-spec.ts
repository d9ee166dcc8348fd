import { TestApp, createTestApp } from '../support/app';
import { bearer, createPatient, createWorld } from '../support/factories';
import { Fhir } from 'fhir';
import { validateCarePlanR4 } from './fhir-r4-careplan';

describe('anticipatory care plans: versions, conflicts, history, agreement, FHIR', () => {
  let t: TestApp;
  let gpA: string;
  let nurseA: string;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    gpA = await bearer(t, { sub: 'gp-a', name: 'Dr Gwen Practice', roles: ['gp'], teams: ['NCT-A'], org: 'P00001' });
    nurseA = await bearer(t, { sub: 'nurse-a', name: 'Nia Nurse', roles: ['clinician'], teams: ['NCT-A'], org: 'TRUST1' });
    auditor = await bearer(t, { sub: 'aud-1', roles: ['auditor'] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });

  const plan = (overrides: Record<string, unknown> = {}) => ({
    whatMattersToMe: 'Staying at home with my cat, Biscuit',
    goals: 'Walk to the shop twice a week',
    crisisPlan: 'If breathless at night call the rapid response team before 999',
    contacts: [{ name: 'Rapid response', role: 'Community team', phone: '01304 000 000', available24x7: true }],
    resuscitation: { status: 'not_discussed' },
    preferredPlaceOfCare: 'Home',
    reviewDueAt: '2099-03-01T09:00:00Z',
    ...overrides,
  });
  const url = (nhs: string, rest = '') => `/api/v1/patients/${nhs}/care-plan${rest}`;
  const put = (token: string, nhs: string, body: object, ifMatch?: string) => {
    const req = t.http().put(url(nhs)).set('Authorization', token);
    if (ifMatch) req.set('If-Match', ifMatch);
    return req.send(body);
  };
  const get = (token: string, path: string) => t.http().get(path).set('Authorization', token);

  it('creates the first version (201, ETag, Location) and reads it back', async () => {
    const nhs = await createPatient(t);
    await get(nurseA, url(nhs)).expect(404).expect((r) => expect(r.body.code).toBe('CARE_PLAN_NOT_FOUND'));
    const created = await put(nurseA, nhs, plan()).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/api/v1/patients/${nhs}/care-plan`);
    expect(created.body).toMatchObject({
      nhsNumber: nhs,
      version: 1,
      status: 'draft',
      awaitingAgreementFrom: ['gp', 'patient_or_representative'],
      goals: 'Walk to the shop twice a week',
      needs: null,
      contacts: [{ name: 'Rapid response', role: 'Community team', phone: '01304 000 000', available24x7: true }],
      resuscitation: { status: 'not_discussed', documentedAt: null, by: null },
      reviewDueAt: '2099-03-01T09:00:00.000Z',
      createdBy: { staffId: 'nurse-a', name: 'Nia Nurse', teams: ['NCT-A'] },
      consent: null,
    });
    const read = await get(gpA, url(nhs)).expect(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(created.body);
    const view = await get(gpA, `/api/v1/patients/${nhs}`).expect(200);
    expect(view.body.carePlan).toMatchObject({ status: 'draft', version: 1, reviewDueAt: '2099-03-01T09:00:00.000Z', reviewOverdue: false });
    expect(view.body.knownTo).toContainEqual({ teamCode: 'NCT-A', relationships: ['care_plan_author'] });
    expect(view.body.mayAccess).toContainEqual({ teamCode: 'NCT-A', relationships: ['care_plan_author', 'gp_practice_alignment'] });
    const audit = await get(auditor, `/api/v1/audit-events?nhsNumber=${nhs}`).expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['care_plan.write', 'care_plan.read']));
  });

  it('edits only with If-Match: 428 without, 412 when stale, a new version otherwise; history and old versions stay', async () => {
    const nhs = await createPatient(t);
    await put(nurseA, nhs, plan()).expect(201);
    const missing = await put(gpA, nhs, plan({ needs: 'Help with stairs' })).expect(428);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.code).toBe('PRECONDITION_REQUIRED');
    const v2 = await put(gpA, nhs, plan({ needs: 'Help with stairs', resuscitation: { status: 'dnacpr', by: 'Dr Gwen Practice', documentedAt: '2026-01-05T10:00:00+00:00' } }), '"1"').expect(200);
    expect(v2.headers.etag).toBe('"2"');
    expect(v2.body).toMatchObject({ version: 2, changedSections: ['needs', 'resuscitation'], resuscitation: { status: 'dnacpr', documentedAt: '2026-01-05T10:00:00.000Z' } });
    const stale = await put(nurseA, nhs, plan({ goals: 'Overwrite' }), '"1"').expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');

    const history = await get(nurseA, url(nhs, '/versions')).expect(200);
    expect(history.body).toEqual({
      items: [
        expect.objectContaining({ version: 2, status: 'draft', createdBy: 'gp-a', createdByName: 'Dr Gwen Practice', changedSections: ['needs', 'resuscitation'] }),
        expect.objectContaining({ version: 1, status: 'superseded', createdBy: 'nurse-a', changedSections: expect.arrayContaining(['goals', 'contacts']) }),
      ],
      nextCursor: null,
    });
    const page = await get(nurseA, url(nhs, '/versions?limit=1')).expect(200);
    expect(page.body.items.map((i: { version: number }) => i.version)).toEqual([2]);
    const next = await get(nurseA, url(nhs, `/versions?limit=1&cursor=${page.body.nextCursor}`)).expect(200);
    expect(next.body).toMatchObject({ items: [{ version: 1 }], nextCursor: null });

    const v1 = await get(nurseA, url(nhs, '/versions/1')).expect(200);
    expect(v1.body).toMatchObject({ version: 1, latestVersion: 2, status: 'superseded', needs: null, goals: 'Walk to the shop twice a week' });
    await get(nurseA, url(nhs, '/versions/7')).expect(404).expect((r) => expect(r.body.code).toBe('CARE_PLAN_VERSION_NOT_FOUND'));
  });

  it('lets exactly one of two concurrent saves from the same version win; the other gets 412', async () => {
    const nhs = await createPatient(t);
    await put(nurseA, nhs, plan()).expect(201);
    const results = await Promise.all([
      put(nurseA, nhs, plan({ goals: 'From the nurse' }), '"1"'),
      put(gpA, nhs, plan({ goals: 'From the GP' }), '"1"'),
      put(gpA, nhs, plan({ goals: 'From the GP again' }), '"1"'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    const rows: { version: number }[] = await t.db.query('SELECT version FROM care_plan_versions ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    const winner = results.find((r) => r.status === 200);
    const current = await get(nurseA, url(nhs)).expect(200);
    expect(current.body.goals).toBe(winner?.body.goals);
  });

  it('lets exactly one of two concurrent first saves create the plan', async () => {
    const nhs = await createPatient(t);
    const results = await Promise.all([put(nurseA, nhs, plan({ goals: 'one' })), put(gpA, nhs, plan({ goals: 'two' }))]);
    // The loser either raced the insert (412, the unique key) or read the committed plan (428: now it needs If-Match).
    const [first, second] = results.map((r) => r.status).sort();
    expect(first).toBe(201);
    expect([412, 428]).toContain(second);
    expect((await t.db.query('SELECT count(*)::int AS n FROM care_plan_versions'))[0].n).toBe(1);
  });

  it('refuses UPDATE and DELETE on versions, agreements and consents in the database', async () => {
    const nhs = await createPatient(t);
    await put(nurseA, nhs, plan()).expect(201);
    await t.http().post(url(nhs, '/agreements')).set('Authorization', gpA).send({ role: 'gp', name: 'Dr Gwen Practice', patientInvolved: false }).expect(200);
    await expect(t.db.query(`UPDATE care_plan_versions SET sections = '{}'::jsonb`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM care_plan_versions')).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE care_plan_agreements SET role = 'patient'`)).rejects.toThrow(/append-only/);
    const [p] = await t.db.query('SELECT id FROM patients WHERE nhs_number = $1', [nhs]);
    await expect(
      t.db.query(`INSERT INTO care_plan_versions (patient_id, version, sections, created_by) VALUES ($1, 1, '{}', 'x')`, [p.id]),
    ).rejects.toThrow(/uq_care_plan_versions_patient_version/);
  });

  it('is agreed once the GP and the patient side agree; a later edit returns it to draft', async () => {
    const nhs = await createPatient(t);
    await put(nurseA, nhs, plan()).expect(201);
    const agree = (body: object, ifMatch?: string) => {
      const req = t.http().post(url(nhs, '/agreements')).set('Authorization', gpA);
      if (ifMatch) req.set('If-Match', ifMatch);
      return req.send(body);
    };
    const byGp = await agree({ role: 'gp', name: 'Dr Gwen Practice', patientInvolved: false }, '"1"').expect(200);
    expect(byGp.body).toMatchObject({ status: 'draft', awaitingAgreementFrom: ['patient_or_representative'] });
    const byRep = await agree({ role: 'representative', name: 'Sam (daughter, LPA)', patientInvolved: false }).expect(200);
    expect(byRep.body).toMatchObject({ status: 'agreed', awaitingAgreementFrom: [], agreements: [{ role: 'gp' }, { role: 'representative', name: 'Sam (daughter, LPA)' }] });
    expect((await get(nurseA, `/api/v1/patients/${nhs}`).expect(200)).body.carePlan).toMatchObject({ status: 'agreed', version: 1 });

    await put(nurseA, nhs, plan({ carers: 'Daughter visits daily' }), '"1"').expect(200);
    const after = await get(nurseA, url(nhs)).expect(200);
    expect(after.body).toMatchObject({ version: 2, status: 'draft', agreements: [], awaitingAgreementFrom: ['gp', 'patient_or_representative'] });
    expect((await get(nurseA, url(nhs, '/versions/1')).expect(200)).body).toMatchObject({ status: 'superseded', agreements: [{ role: 'gp' }, { role: 'representative' }] });
    // agreeing to a version that is no longer current is refused
    await agree({ role: 'gp', name: 'Dr Gwen Practice', patientInvolved: true }, '"1"').expect(412);
    const again = await agree({ role: 'gp', name: 'Dr Gwen Practice', patientInvolved: true }, '"2"').expect(200);
    expect(again.body).toMatchObject({ version: 2, status: 'agreed' });
  });

  it('exports the current version as a FHIR R4 CarePlan', async () => {
    const nhs = await createPatient(t);
    await put(nurseA, nhs, plan()).expect(201);
    await put(gpA, nhs, plan({ needs: 'Help with <stairs> & steps' }), '"1"').expect(200);
    await t.http().post(url(nhs, '/agreements')).set('Authorization', gpA).send({ role: 'gp', name: 'Dr Gwen Practice', patientInvolved: true }).expect(200);
    const res = await get(gpA, url(nhs)).set('Accept', 'application/fhir+json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.headers.etag).toBe('"2"');
    const r = res.body;
    expect(validateCarePlanR4(r)).toEqual([]);
    // and by an independent validator (the `fhir` package: R4 structure and value sets)
    expect(new Fhir().validate(r)).toEqual({ valid: true, messages: [] });
    expect(r).toMatchObject({
      resourceType: 'CarePlan',
      meta: { versionId: '2' },
      status: 'active',
      intent: 'plan',
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs } },
      period: { end: '2099-03-01T09:00:00.000Z' },
      author: { display: 'Dr Gwen Practice', identifier: { value: 'gp-a' } },
    });
    expect(r.contributor.map((c: { identifier: { value: string } }) => c.identifier.value)).toEqual(['nurse-a', 'gp-a']);
    expect(r.note).toContainEqual({ text: 'Needs: Help with <stairs> & steps' });
    const audit = await get(auditor, `/api/v1/audit-events?nhsNumber=${nhs}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('care_plan.export');
  });

  describe('rejects malformed and oversize sections with problem+json, saving nothing', () => {
    it.each([
      ['an oversize section', { goals: 'x'.repeat(4001) }, 'goals'],
      ['a control character', { needs: 'bad\u0000byte' }, 'needs'],
      ['a non-string section', { crisisPlan: { html: '<b>call</b>' } }, 'crisisPlan'],
      ['an unknown resuscitation status', { resuscitation: { status: 'maybe' } }, 'resuscitation.status'],
      ['a contact without a phone', { contacts: [{ name: 'Jo' }] }, 'contacts.0.phone'],
      ['too many contacts', { contacts: Array.from({ length: 21 }, (_, i) => ({ name: `C${i}`, phone: '01304 000000' })) }, 'contacts'],
      ['a review date without offset', { reviewDueAt: '2099-01-01T00:00:00' }, 'reviewDueAt'],
      ['an unknown field', { favouriteColour: 'blue' }, 'favouriteColour'],
    ])('%s', async (_, change, field) => {
      const nhs = await createPatient(t);
      const res = await put(nurseA, nhs, plan(change)).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.db.query('SELECT count(*)::int AS n FROM care_plan_versions'))[0].n).toBe(0);
    });
  });

  it('keeps commissioners and referrers out', async () => {
    const nhs = await createPatient(t);
    await put(nurseA, nhs, plan()).expect(201);
    const commissioner = await bearer(t, { sub: 'com-1', roles: ['commissioner'] });
    await get(commissioner, url(nhs)).expect(403);
    await put(commissioner, nhs, plan(), '"1"').expect(403);
    await get(await bearer(t, { sub: 'ref-1', roles: ['referrer'], org: 'P00001' }), url(nhs, '/versions')).expect(403);
  });
});
