import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PERMISSIONS_KEY, PUBLIC_KEY } from '../../src/common/auth/decorators';
import { TestApp, createTestApp } from '../support/app';

describe('authentication and authorisation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every route declares a permission or @Public()', () => {
    const undeclared: string[] = [];
    let routes = 0;
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const cls = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
        if (!cls?.prototype) continue;
        for (const name of Object.getOwnPropertyNames(cls.prototype)) {
          const handler = cls.prototype[name as keyof object] as unknown;
          if (name === 'constructor' || typeof handler !== 'function') continue;
          if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          routes++;
          const declared =
            Reflect.getMetadata(PUBLIC_KEY, handler) ??
            Reflect.getMetadata(PUBLIC_KEY, cls) ??
            Reflect.getMetadata(PERMISSIONS_KEY, handler) ??
            Reflect.getMetadata(PERMISSIONS_KEY, cls);
          if (!declared || (Array.isArray(declared) && declared.length === 0)) {
            undeclared.push(`${cls.name}.${name} ${Reflect.getMetadata(PATH_METADATA, handler)}`);
          }
        }
      }
    }
    expect(routes).toBeGreaterThan(10);
    expect(undeclared).toEqual([]);
  });

  it.each([
    ['no token', undefined],
    ['not a bearer token', 'Basic abc'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('answers 401 problem+json for %s', async (_, header) => {
    const req = t.http().get('/api/v1/teams');
    if (header) req.set('Authorization', header);
    const res = await req.expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', correlationId: expect.any(String) });
  });

  it('answers 401 for a token signed with another secret or expired', async () => {
    const forged = await t.token({ roles: ['admin'] }, { secret: 'another-secret-that-is-also-long-enough-x' });
    await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${forged}`).expect(401);
    const expired = await t.token({ roles: ['admin'] }, { expiresIn: '-1m' });
    const res = await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('answers 403 for a valid token without the permission', async () => {
    const navigator = await t.token({ roles: ['care_navigator'], teams: ['SPOA'] });
    const res = await t
      .http()
      .post('/api/v1/organisations')
      .set('Authorization', `Bearer ${navigator}`)
      .send({ odsCode: 'X1234', name: 'X', type: 'ccg' })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    const commissioner = await t.token({ roles: ['commissioner'] });
    await t.http().get('/api/v1/patients/9990000018').set('Authorization', `Bearer ${commissioner}`).expect(403);
    await t.http().get('/api/v1/audit-events').set('Authorization', `Bearer ${navigator}`).expect(403);
  });

  it('ignores roles it does not know', async () => {
    const token = await t.token({ roles: ['superuser'] });
    await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${token}`).expect(403);
  });
});

describe('JWKS (RS256) identity provider with issuer and audience', () => {
  let server: Server;
  let t: TestApp;
  let sign: (claims: Record<string, unknown>, iss?: string, aud?: string) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    t = await createTestApp({
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URI: `http://127.0.0.1:${port}/jwks`,
      AUTH_ISSUER: 'https://idp.test',
      AUTH_AUDIENCE: 'care-coordination',
    });
    sign = (claims, iss = 'https://idp.test', aud = 'care-coordination') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('staff-jwks')
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('accepts a token from the identity provider', async () => {
    const token = await sign({ roles: ['admin'] });
    await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('rejects the wrong issuer or audience, and HS256 tokens', async () => {
    await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${await sign({ roles: ['admin'] }, 'https://evil.test')}`).expect(401);
    await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${await sign({ roles: ['admin'] }, undefined, 'other')}`).expect(401);
    await t.http().get('/api/v1/teams').set('Authorization', `Bearer ${await t.token({ roles: ['admin'] })}`).expect(401);
  });
});
