import type { AddressInfo } from 'node:net';
import { TestApp, createTestApp } from '../support/app';
import { freePorts } from '../../scripts/free-ports';
import { Browser, oidcEnv, signInOverHttp, startIdp } from './idp';

describe('staff sign-in through OpenID Connect (local oidc-provider)', () => {
  let t: TestApp;
  let idp: Awaited<ReturnType<typeof startIdp>>;
  let base: string;

  beforeAll(async () => {
    // the IdP's redirect names the app's port and the app's config the IdP's: both picked together
    const [port, idpPort] = await freePorts(2);
    base = `http://127.0.0.1:${port}`;
    idp = await startIdp(`${base}/auth/callback`, idpPort);
    t = await createTestApp(oidcEnv(idp.issuer, `${base}/auth/callback`));
    await t.app.listen(port, '127.0.0.1');
    expect((t.app.getHttpServer().address() as AddressInfo).port).toBe(port);
  });
  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  async function signedIn(login = 'bed.manager') {
    const browser = new Browser();
    const res = await signInOverHttp(browser, base, login);
    return { browser, res };
  }

  it('signs in with PKCE and maps national RBAC roles to a session cookie (HttpOnly, SameSite=Lax, not Secure in local development)', async () => {
    const { browser, res } = await signedIn();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dashboard');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('spoa_session='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const me = await browser.request(`${base}/auth/session`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'bed.manager', name: 'Bea Manager', roles: ['bed_manager'], teams: ['SKC-IC-DD'], org: 'ZKCHT', csrfToken: expect.any(String) });
    // The cookie authenticates API reads like a bearer token would.
    expect((await browser.request(`${base}/api/v1/beds`)).status).toBe(200);
    // The authorization request carried a PKCE S256 challenge.
    const login = await new Browser().request(`${base}/auth/login`);
    const authorize = new URL(login.headers.get('location') as string);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps sessions server-side: a copied cookie is refused after sign-out', async () => {
    const { browser } = await signedIn();
    const stolen = [...browser.cookies(base).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const { csrfToken } = (await (await browser.request(`${base}/auth/session`)).json()) as { csrfToken: string };
    expect((await fetch(`${base}/api/v1/beds`, { headers: { cookie: stolen } })).status).toBe(200);

    expect((await browser.request(`${base}/auth/logout`, { method: 'POST' })).status).toBe(403);
    const out = await browser.request(`${base}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(200);
    expect(await out.json()).toMatchObject({ signedOut: true, endSessionUrl: expect.stringContaining(`${idp.issuer}/session/end`) });

    const replay = await fetch(`${base}/api/v1/beds`, { headers: { cookie: stolen } });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Your session has ended: sign in again' });
    expect((await fetch(`${base}/auth/session`, { headers: { cookie: stolen } })).status).toBe(401);
    const [row] = await t.db.query('SELECT revoked_at FROM staff_sessions WHERE sub = $1 ORDER BY created_at DESC LIMIT 1', ['bed.manager']);
    expect(row.revoked_at).not.toBeNull();
  });

  it('requires the session\u2019s CSRF token for changes made with the cookie', async () => {
    const { browser } = await signedIn('care.navigator');
    const { csrfToken } = (await (await browser.request(`${base}/auth/session`)).json()) as { csrfToken: string };
    const body = JSON.stringify({ odsCode: 'ZX0001', name: 'X', type: 'voluntary' });
    const referrals = async () => (await t.db.query('SELECT count(*)::int AS n FROM referrals'))[0].n as number;
    const before = await referrals();
    const withoutToken = await browser.request(`${base}/api/v1/referrals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(withoutToken.status).toBe(403);
    expect(await withoutToken.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const wrong = await browser.request(`${base}/api/v1/referrals`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': `${csrfToken}x` }, body });
    expect(wrong.status).toBe(403);
    // With the token the request reaches validation (400 for this body), so CSRF no longer stops it.
    const withToken = await browser.request(`${base}/api/v1/referrals`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body });
    expect(withToken.status).toBe(400);
    // Nothing was created by any of the three (the worker's database may hold other specs' rows).
    expect(await referrals()).toBe(before);
  });

  it('gives no session to someone whose national roles map to nothing', async () => {
    const { browser, res } = await signedIn('no.roles');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'NO_SERVICE_ROLES' });
    expect([...browser.cookies(base).keys()]).not.toContain('spoa_session');
  });

  it('refuses a callback not started from this browser (state/PKCE kept in the login cookie)', async () => {
    const res = await new Browser().request(`${base}/auth/callback?code=abc&state=xyz`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'SIGN_IN_FAILED' });
  });

  it('keeps bearer tokens working alongside sessions', async () => {
    const token = await t.token({ sub: 'bm-1', roles: ['bed_manager'], teams: ['SKC-IC-DD'] });
    expect((await fetch(`${base}/api/v1/beds`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/beds`)).status).toBe(401);
  });
});
