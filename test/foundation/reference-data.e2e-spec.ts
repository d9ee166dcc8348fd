import { TestApp, createTestApp } from '../support/app';
import { createOrganisation } from '../support/factories';

describe('organisations and teams (admin)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token({ sub: 'admin-1', roles: ['admin'] });
  });
  beforeEach(() => t.truncate());
  afterAll(() => t.close());

  const post = (path: string, body: unknown, token = admin) => t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body as object);

  it('creates an organisation with a Location, reads it, refuses a duplicate and patches it', async () => {
    const res = await post('/organisations', { odsCode: 'Z99001', name: 'Harbour Surgery', type: 'gp_practice', locality: 'Dover/Deal' }).expect(201);
    expect(res.headers.location).toBe('/api/v1/organisations/Z99001');
    expect(res.body).toMatchObject({ odsCode: 'Z99001', type: 'gp_practice', locality: 'Dover/Deal' });
    const dup = await post('/organisations', { odsCode: 'Z99001', name: 'Other', type: 'gp_practice' }).expect(409);
    expect(dup.body.code).toBe('ORGANISATION_EXISTS');
    const patched = await t.http().patch('/api/v1/organisations/Z99001').set('Authorization', `Bearer ${admin}`).send({ name: 'Harbour Medical' }).expect(200);
    expect(patched.body.name).toBe('Harbour Medical');
    const missing = await t.http().get('/api/v1/organisations/NONE1').set('Authorization', `Bearer ${admin}`).expect(404);
    expect(missing.body.code).toBe('ORGANISATION_NOT_FOUND');
  });

  it('rejects an unknown organisation type and an unknown field', async () => {
    const res = await post('/organisations', { odsCode: 'Z99001', name: 'X', type: 'hospital', colour: 'red' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'type']);
    const list = await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('lists organisations by ODS code with cursor pagination and filters', async () => {
    for (const ods of ['Z99003', 'Z99001', 'Z99002']) await createOrganisation(t, { odsCode: ods, type: 'gp_practice', locality: 'Dover/Deal' });
    await createOrganisation(t, { odsCode: 'ZCCG', type: 'ccg' });
    const page1 = await t.http().get('/api/v1/organisations?type=gp_practice&limit=2').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(page1.body.items.map((o: { odsCode: string }) => o.odsCode)).toEqual(['Z99001', 'Z99002']);
    const page2 = await t.http().get(`/api/v1/organisations?type=gp_practice&limit=2&cursor=${page1.body.nextCursor}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ odsCode: 'Z99003' })], nextCursor: null });
    await t.http().get('/api/v1/organisations?limit=501').set('Authorization', `Bearer ${admin}`).expect(400);
    await t.http().get('/api/v1/organisations?cursor=@@').set('Authorization', `Bearer ${admin}`).expect(400);
  });

  it('creates a team aligned to practices with operating hours, and lists teams by practice', async () => {
    await createOrganisation(t, { odsCode: 'TRUST1', type: 'community_trust' });
    await createOrganisation(t, { odsCode: 'Z99001', type: 'gp_practice' });
    await createOrganisation(t, { odsCode: 'Z99002', type: 'gp_practice' });
    const hours = [
      { day: 'mon', open: '08:00', close: '20:00' },
      { day: 'sat', open: '09:00', close: '17:00' },
    ];
    const res = await post('/teams', {
      code: 'SKC-NCT-DD1',
      name: 'Dover NCT 1',
      type: 'neighbourhood_care_team',
      organisationOds: 'TRUST1',
      alignedPracticeOds: ['Z99002', 'Z99001'],
      operatingHours: hours,
      locality: 'Dover/Deal',
    }).expect(201);
    expect(res.headers.location).toBe('/api/v1/teams/SKC-NCT-DD1');
    expect(res.body).toMatchObject({ alignedPracticeOds: ['Z99001', 'Z99002'], operatingHours: hours });
    await post('/teams', { code: 'SKC-SPOA', name: 'SPoA', type: 'single_point_of_access', organisationOds: 'TRUST1', operatingHours: '24/7' }).expect(201);
    const byPractice = await t.http().get('/api/v1/teams?practice=Z99001').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(byPractice.body.items.map((x: { code: string }) => x.code)).toEqual(['SKC-NCT-DD1']);
    const patched = await t.http().patch('/api/v1/teams/SKC-NCT-DD1').set('Authorization', `Bearer ${admin}`).send({ alignedPracticeOds: ['Z99002'] }).expect(200);
    expect(patched.body.alignedPracticeOds).toEqual(['Z99002']);
  });

  it('refuses teams with unknown organisations, non-practice alignment, bad hours or a bad type', async () => {
    await createOrganisation(t, { odsCode: 'TRUST1', type: 'community_trust' });
    const res = await post('/teams', {
      code: 'T1',
      name: 'T',
      type: 'neighbourhood_care_team',
      organisationOds: 'NOPE1',
      alignedPracticeOds: ['TRUST1'],
      operatingHours: '24/7',
    }).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'organisationOds', message: 'is not a known organisation' },
      { field: 'alignedPracticeOds.0', message: 'is not a GP practice' },
    ]);
    const hours = await post('/teams', { code: 'T1', name: 'T', type: 'rapid_response', organisationOds: 'TRUST1', operatingHours: [{ day: 'mon', open: '8am', close: '17:00' }] }).expect(400);
    expect(hours.body.errors[0].field).toBe('operatingHours');
    await post('/teams', { code: 'T1', name: 'T', type: 'wizards', organisationOds: 'TRUST1', operatingHours: '24/7' }).expect(400);
    const list = await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('lets every staff role read reference data but only admins change it', async () => {
    await createOrganisation(t, { odsCode: 'TRUST1', type: 'community_trust' });
    const clinician = await t.token({ roles: ['clinician'], teams: ['X'] });
    await t.http().get('/api/v1/organisations/TRUST1').set('Authorization', `Bearer ${clinician}`).expect(200);
    await post('/organisations', { odsCode: 'Z1', name: 'x', type: 'ccg' }, clinician).expect(403);
    await t.http().patch('/api/v1/organisations/TRUST1').set('Authorization', `Bearer ${clinician}`).send({ name: 'x' }).expect(403);
  });
});

describe('Idempotency-Key on creates', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token({ sub: 'admin-1', roles: ['admin'] });
  });
  beforeEach(() => t.truncate());
  afterAll(() => t.close());

  const create = (key: string, body: object, token = admin) =>
    t.http().post('/api/v1/organisations').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);

  it('replays the first answer for the same key and body, and refuses the same key with another body', async () => {
    const body = { odsCode: 'Z99001', name: 'Harbour Surgery', type: 'gp_practice' };
    const first = await create('key-1', body).expect(201);
    const again = await create('key-1', { type: 'gp_practice', name: 'Harbour Surgery', odsCode: 'Z99001' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await create('key-1', { ...body, name: 'Different' }).expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('runs one create for concurrent requests with the same key', async () => {
    const body = { odsCode: 'Z99002', name: 'Castle Hill', type: 'gp_practice' };
    const answers = await Promise.all([create('key-2', body), create('key-2', body), create('key-2', body)]);
    const statuses = answers.map((a) => a.status).sort();
    // one created; the others replayed it (201) or found it still in progress (409), never a second create
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || a.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS')).toBe(true);
  });

  it('keys are per caller, and a failed request releases its key', async () => {
    const bad = { odsCode: 'Z99003', name: 'X', type: 'not-a-type' };
    await create('key-3', bad).expect(400);
    await create('key-3', { odsCode: 'Z99003', name: 'X', type: 'gp_practice' }).expect(201);
    const otherAdmin = await t.token({ sub: 'admin-2', roles: ['admin'] });
    const res = await create('key-3', { odsCode: 'Z99004', name: 'Y', type: 'gp_practice' }, otherAdmin).expect(201);
    expect(res.body.odsCode).toBe('Z99004');
  });
});
