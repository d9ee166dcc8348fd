import { TestApp, createTestApp } from '../support/app';
import { createWorld, patientBody } from '../support/factories';

/**
 * Partial updates (issue 20): the care-plans walkthrough's PUT once wiped the address, sex and
 * livesAlone set in the README step. PATCH changes only what is sent; PUT stays full replacement.
 */
describe('PATCH /patients/{nhsNumber} (JSON merge patch) and PATCH of reference data', () => {
  let t: TestApp;
  let nav: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'], org: 'TRUST1' });
    admin = await t.token({ sub: 'admin-1', roles: ['admin'] });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  const patch = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const req = t.http().patch(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).set('Content-Type', headers['Content-Type'] ?? 'application/merge-patch+json');
    for (const [k, v] of Object.entries(headers)) if (k !== 'Content-Type') req.set(k, v);
    return req.send(JSON.stringify(body));
  };
  const put = (path: string, body: object) => t.http().put(`/api/v1${path}`).set('Authorization', `Bearer ${nav}`).send(body);
  const get = (path: string, token = nav) => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`);

  it('changes only the fields sent, merges nested objects, and answers the new ETag', async () => {
    await put('/patients/9990000018', patientBody({ livesAlone: true, phone: '01304 000000' })).expect(201);
    const res = await patch(nav, '/patients/999%20000%200018', { careHomeResident: true, address: { postcode: 'CT17 9AA' } }).expect(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      givenName: 'Ada',
      sex: 'female',
      livesAlone: true,
      phone: '01304 000000',
      careHomeResident: true,
      address: { line1: '1 Harbour Street', town: 'Dover', postcode: 'CT17 9AA' },
      gpPracticeOds: 'P00001',
      version: 2,
    });
    // Plain JSON is accepted too; null clears an optional field.
    const cleared = await patch(nav, '/patients/9990000018', { phone: null, livesAlone: null }, { 'Content-Type': 'application/json' }).expect(200);
    expect(cleared.body).toMatchObject({ phone: null, livesAlone: false, sex: 'female', careHomeResident: true });
  });

  it('honours If-Match: 412 with a stale ETag and nothing changes; the current one succeeds', async () => {
    await put('/patients/9990000018', patientBody()).expect(201);
    const etag = (await get('/patients/9990000018').expect(200)).headers.etag;
    await patch(nav, '/patients/9990000018', { livesAlone: true }, { 'If-Match': etag }).expect(200);
    const stale = await patch(nav, '/patients/9990000018', { sex: 'unknown' }, { 'If-Match': etag }).expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    expect((await get('/patients/9990000018')).body).toMatchObject({ sex: 'female', livesAlone: true, version: 2 });
  });

  it('refuses to clear a required field, bad values and unknown fields, changing nothing', async () => {
    await put('/patients/9990000018', patientBody()).expect(201);
    const nulled = await patch(nav, '/patients/9990000018', { familyName: null }).expect(400);
    expect(nulled.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'familyName' }] });
    const bad = await patch(nav, '/patients/9990000018', { address: { postcode: 'nowhere' } }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'address.postcode' })]);
    await patch(nav, '/patients/9990000018', { shoeSize: 9 }).expect(400);
    await patch(nav, '/patients/9990000018', { address: null, gpPracticeOds: 'NOPE1' }).expect(400);
    await patch(nav, '/patients/9990000026', { livesAlone: true }).expect(404);
    expect((await get('/patients/9990000018')).body).toMatchObject({ version: 1, familyName: 'Lovelace', address: { postcode: 'CT16 1AA' } });
  });

  it('keeps PUT as full replacement: fields left out are cleared', async () => {
    await put('/patients/9990000018', patientBody({ livesAlone: true })).expect(201);
    const res = await put('/patients/9990000018', { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1940-12-10' }).expect(200);
    expect(res.body).toMatchObject({ address: null, sex: null, livesAlone: false, gpPracticeOds: null });
  });

  it('PATCH /organisations and /teams change only what is sent; null for a required field is 400 and changes nothing', async () => {
    const asAdmin = (path: string, body: unknown) => patch(admin, path, body, { 'Content-Type': 'application/json' });
    const org = await asAdmin('/organisations/P00001', { name: 'Harbour Surgery' }).expect(200);
    expect(org.body).toMatchObject({ odsCode: 'P00001', name: 'Harbour Surgery', type: 'gp_practice', locality: 'Dover/Deal' });
    for (const field of ['name', 'type']) {
      const res = await asAdmin('/organisations/P00001', { [field]: null }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    await asAdmin('/organisations/P00001', { locality: null }).expect(200);

    const team = await asAdmin('/teams/NCT-A', { name: 'Neighbourhood A' }).expect(200);
    expect(team.body).toMatchObject({ code: 'NCT-A', name: 'Neighbourhood A', type: 'neighbourhood_care_team', alignedPracticeOds: ['P00001'] });
    for (const field of ['name', 'type', 'organisationOds', 'operatingHours', 'alignedPracticeOds']) {
      const res = await asAdmin('/teams/NCT-A', { [field]: null }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    expect((await get('/teams/NCT-A', admin).expect(200)).body).toMatchObject({ name: 'Neighbourhood A', alignedPracticeOds: ['P00001'] });
  });
});
