import { SignJWT } from 'jose';
import { TEST_JWT_SECRET, TestApp, createTestApp } from '../support/app';
import { createPatient, createWorld } from '../support/factories';

/** Issue 12 item 11: the smaller hardening items, each failing before its fix. */
describe('hardening', () => {
  let t: TestApp;
  let nav: string;
  beforeAll(async () => {
    t = await createTestApp();
    nav = await t.token({ sub: 'nav-1', roles: ['care_navigator'], teams: ['SPOA'] });
  });
  beforeEach(async () => {
    await t.truncate();
    await createWorld(t);
  });
  afterAll(() => t.close());

  it('marks patient data (and every API answer) Cache-Control: no-store', async () => {
    const nhs = await createPatient(t);
    const ok = await t.http().get(`/api/v1/patients/${nhs}`).set('Authorization', `Bearer ${nav}`).expect(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    const list = await t.http().get('/api/v1/alerts').set('Authorization', `Bearer ${nav}`);
    expect(list.headers['cache-control']).toBe('no-store');
  });

  const sign = (iat: number, exp: number) =>
    new SignJWT({ roles: ['care_navigator'], teams: ['SPOA'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('nav-1')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token issued in the future', async () => {
    const res = await t.http().get('/api/v1/alerts').set('Authorization', `Bearer ${await sign(now() + 3600, now() + 7200)}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
  it('refuses a token that expires further ahead than the maximum lifetime', async () => {
    const res = await t.http().get('/api/v1/alerts').set('Authorization', `Bearer ${await sign(now(), now() + 365 * 86_400)}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    await t.http().get('/api/v1/alerts').set('Authorization', `Bearer ${await sign(now(), now() + 8 * 3600)}`).expect(200);
  });

  it.each([
    ['get', '/nowhere'],
    ['get', '/api/v2/patients'],
    ['post', '/admin'],
    ['delete', '/health'],
    ['get', '/docs/../../etc/passwd'],
  ] as const)('answers %s %s outside the API with problem+json', async (method, path) => {
    const res = await t.http()[method](path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('/docs in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DOCS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('serves neither /docs nor /docs-json when DOCS_ENABLED=false (the production default)', async () => {
    for (const path of ['/docs', '/docs-json', '/docs/']) {
      const res = await t.http().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
