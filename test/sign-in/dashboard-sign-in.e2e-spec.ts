import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { TestApp, createTestApp } from '../support/app';
import { createTeam, createWorld } from '../support/factories';
import { freePorts } from '../../scripts/free-ports';
import { oidcEnv, startIdp } from './idp';

/** Staff sign in to the dashboard through the local IdP in headless Chromium (as test/metrics/dashboard.e2e-spec.ts finds it). */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) console.log(`Skipping the sign-in browser test: ${CHROMIUM} is not installed. It always runs under CI=true.`);
const suite = available || process.env.CI ? describe : describe.skip;

suite('dashboard sign-in through the identity provider, in headless Chromium', () => {
  let t: TestApp;
  let idp: Awaited<ReturnType<typeof startIdp>>;
  let base: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    // the IdP's redirect names the app's port and the app's config the IdP's: both picked together
    const [port, idpPort] = await freePorts(2);
    base = `http://127.0.0.1:${port}`;
    idp = await startIdp(`${base}/auth/callback`, idpPort);
    t = await createTestApp(oidcEnv(idp.issuer, `${base}/auth/callback`));
    await t.app.listen(port, '127.0.0.1');
    await t.truncate();
    await createWorld(t);
    await createTeam(t, { code: 'SKC-IC-DD', type: 'intermediate_care', organisationOds: 'TRUST1', locality: 'Dover/Deal' });
    const bm = await t.token({ sub: 'bm-1', roles: ['bed_manager'], teams: ['SKC-IC-DD'] });
    const unit = await t
      .http()
      .post('/api/v1/bed-units')
      .set('Authorization', `Bearer ${bm}`)
      .send({ name: 'Deal Hospital Ward 2', organisationOds: 'TRUST1', setting: 'care_home', locality: 'Dover/Deal', teamCode: 'SKC-IC-DD' })
      .expect(201);
    await t.http().post(`/api/v1/bed-units/${unit.body.id}/beds`).set('Authorization', `Bearer ${bm}`).send({ label: 'B01', capabilities: [] }).expect(201);
    profile = mkdtempSync(join(tmpdir(), 'sign-in-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
    await idp?.stop();
  });

  it('signs in with the IdP, sees the dashboard, and signs out for good', async () => {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const first = await page.goto(`${base}/dashboard`);
    const csp = first?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');

    await page.click('#signin');
    await page.waitForURL(`${idp.issuer}/**`);
    await page.fill('input[name=login]', 'bed.manager');
    await page.fill('input[name=password]', 'any');
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);
    await page.waitForSelector('#signed-in-as:has-text("Bea Manager")');
    await page.waitForSelector('#beds table');
    expect(await page.textContent('#beds')).toContain('B01');
    expect(await page.isHidden('#login')).toBe(true);

    const cookie = (await context.cookies(base)).find((c) => c.name === 'spoa_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // No token or session id is readable by page script.
    expect(await page.evaluate(() => document.cookie)).not.toContain('spoa_session');
    expect((await fetch(`${base}/api/v1/beds`, { headers: { cookie: `spoa_session=${cookie?.value}` } })).status).toBe(200);

    await page.click('#signout');
    await page.waitForURL(`${idp.issuer}/session/end**`);
    expect((await fetch(`${base}/api/v1/beds`, { headers: { cookie: `spoa_session=${cookie?.value}` } })).status).toBe(401);
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('#signin');
    expect(await page.isVisible('#signin')).toBe(true);
    expect(violations).toEqual([]);
  });
});
