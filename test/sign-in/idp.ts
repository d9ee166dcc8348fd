import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The local OIDC provider (scripts/idp.mjs, oidc-provider) as a child process on its own port. */
export async function startIdp(redirectUri: string, port: number): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '../../scripts/idp.mjs')], {
    env: { ...process.env, IDP_PORT: String(port), IDP_ISSUER: issuer, OIDC_REDIRECT_URI: redirectUri, OIDC_CLIENT_ID: 'spoa-dashboard', OIDC_CLIENT_SECRET: 'test-client-secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the IdP did not start')), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('OIDC provider')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the IdP exited (${code})`)));
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function oidcEnv(issuer: string, redirectUri: string): Record<string, string> {
  return { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'spoa-dashboard', OIDC_CLIENT_SECRET: 'test-client-secret', OIDC_REDIRECT_URI: redirectUri };
}

/** A minimal cookie jar per origin, for driving the flow over plain HTTP. */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookies(origin: string): Map<string, string> {
    const m = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, m);
    return m;
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
    const u = new URL(url);
    const cookie = [...this.cookies(u.origin).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers: { ...(cookie ? { cookie } : {}), ...init.headers }, redirect: 'manual' });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attrs] = set.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies(u.origin).delete(name);
      else this.cookies(u.origin).set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url` until one lands on `stopAt` (returned, not requested) or a non-redirect answer. */
  async follow(url: string, stopAt?: string): Promise<{ url: string; res?: Response }> {
    let next = url;
    for (let i = 0; i < 15; i++) {
      if (stopAt && next.startsWith(stopAt)) return { url: next };
      const res = await this.request(next);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: next, res };
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects');
  }
}

/** Signs in through the IdP's login page as `login`; returns the app's callback answer. */
export async function signInOverHttp(browser: Browser, appBase: string, login: string): Promise<Response> {
  const start = await browser.request(`${appBase}/auth/login?returnTo=/dashboard`);
  if (start.status !== 302) throw new Error(`login answered ${start.status}`);
  const page = await browser.follow(start.headers.get('location') as string);
  const html = await page.res?.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html ?? '')?.[1];
  if (!action) throw new Error(`no login form at ${page.url}`);
  const submitted = await browser.request(new URL(action, page.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
  });
  const back = await browser.follow(new URL(submitted.headers.get('location') as string, page.url).href, `${appBase}/auth/callback`);
  return browser.request(back.url);
}
