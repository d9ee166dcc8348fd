import { TestApp, createTestApp } from '../support/app';
import { createWorld, patientBody } from '../support/factories';

describe('errors are problem+json and change nothing', () => {
  let t: TestApp;
  let nav: string;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '4kb' });
    nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  const patientCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM patients'))[0].n);

  it('400 NHS_NUMBER_INVALID for a number failing the modulus 11 check, with the field named', async () => {
    const res = await t.http().put('/api/v1/patients/9434765918').set('Authorization', `Bearer ${nav}`).send(patientBody()).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'NHS_NUMBER_INVALID',
      status: 400,
      errors: [{ field: 'nhsNumber', message: 'fails the modulus 11 check' }],
      correlationId: expect.any(String),
    });
    expect(await patientCount()).toBe(0);
  });

  it('400 VALIDATION_FAILED for unknown fields, wrong types and bad dates; nothing is written', async () => {
    const res = await t
      .http()
      .put('/api/v1/patients/9990000018')
      .set('Authorization', `Bearer ${nav}`)
      .send({ ...patientBody(), dateOfBirth: '1940-02-30', careHomeResident: 'yes', isAdmin: true })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['dateOfBirth', 'careHomeResident', 'isAdmin']));
    expect(await patientCount()).toBe(0);
    const audit = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    expect(audit[0].n).toBe(0);
  });

  it('400 for a reference to an unknown practice, with no patient and no audit event left behind', async () => {
    const res = await t
      .http()
      .put('/api/v1/patients/9990000018')
      .set('Authorization', `Bearer ${nav}`)
      .send(patientBody({ gpPracticeOds: 'NOPE1' }))
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'gpPracticeOds', message: 'is not a known organisation' }]);
    expect(await patientCount()).toBe(0);
  });

  it('400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await t
      .http()
      .put('/api/v1/patients/9990000018')
      .set('Authorization', `Bearer ${nav}`)
      .set('Content-Type', 'application/json')
      .send('{"givenName": ')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', correlationId: expect.stringMatching(/.+/) });
  });

  it('413 PAYLOAD_TOO_LARGE above the body limit', async () => {
    const res = await t
      .http()
      .put('/api/v1/patients/9990000018')
      .set('Authorization', `Bearer ${nav}`)
      .send({ ...patientBody(), givenName: 'x'.repeat(10_000) })
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await patientCount()).toBe(0);
  });

  it('415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON by content type', async () => {
    const res = await t
      .http()
      .put('/api/v1/patients/9990000018')
      .set('Authorization', `Bearer ${nav}`)
      .set('Content-Type', 'text/plain')
      .send('givenName=Ada')
      .expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('404 ROUTE_NOT_FOUND for an unknown path', async () => {
    const res = await t.http().get('/api/v1/nowhere').set('Authorization', `Bearer ${nav}`).expect(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404 });
  });

  it('412 PRECONDITION_FAILED for a stale If-Match on a patient update', async () => {
    const first = await t.http().put('/api/v1/patients/9990000018').set('Authorization', `Bearer ${nav}`).send(patientBody()).expect(201);
    const etag = first.headers.etag;
    await t.http().put('/api/v1/patients/9990000018').set('Authorization', `Bearer ${nav}`).set('If-Match', etag).send(patientBody({ phone: '01304 111111' })).expect(200);
    const stale = await t
      .http()
      .put('/api/v1/patients/9990000018')
      .set('Authorization', `Bearer ${nav}`)
      .set('If-Match', etag)
      .send(patientBody({ phone: '01304 222222' }))
      .expect(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const current = await t.http().get('/api/v1/patients/9990000018').set('Authorization', `Bearer ${nav}`).expect(200);
    expect(current.body.phone).toBe('01304 111111');
  });

  it('echoes a sane x-request-id as the correlation id', async () => {
    const res = await t.http().get('/api/v1/nowhere').set('Authorization', `Bearer ${nav}`).set('x-request-id', 'trace-abc-123').expect(404);
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    expect(res.body.correlationId).toBe('trace-abc-123');
    const odd = await t.http().get('/api/v1/nowhere').set('Authorization', `Bearer ${nav}`).set('x-request-id', 'bad id with spaces').expect(404);
    expect(odd.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED past the per-minute limit', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      await t.truncate(); // the counters are shared through the database: start from none
      for (let i = 0; i < 3; i++) await t.http().get('/api/v1/teams').expect(401);
      const res = await t.http().get('/api/v1/teams').expect(429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
