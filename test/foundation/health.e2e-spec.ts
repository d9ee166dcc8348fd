import { TestApp, createTestApp } from '../support/app';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports liveness and database readiness without a token', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document and Swagger UI without a token', async () => {
    const json = await t.http().get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/patients/{nhsNumber}', '/health']));
    await t.http().get('/docs').expect(200).expect('content-type', /html/);
  });

  it('answers 503 problem+json when the database is unreachable', async () => {
    const other = await createTestApp();
    await other.db.destroy();
    const res = await other.http().get('/health').expect(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    await other.close().catch(() => undefined);
  });
});
