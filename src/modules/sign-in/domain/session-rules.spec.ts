import { csrfMatches, isSafeMethod, newToken, safeReturnPath, sessionCookieName, sessionCookieOptions, sessionIsLive, tokenHash } from './session-rules';

describe('session rules', () => {
  it('uses the __Host- prefix only for Secure cookies, and always HttpOnly + SameSite=Lax', () => {
    expect(sessionCookieName(true)).toBe('__Host-spoa_session');
    expect(sessionCookieName(false)).toBe('spoa_session');
    expect(sessionCookieOptions(true, 1000)).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: 1000 });
  });

  it('stores only a hash of the random token', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenHash(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(t)).not.toContain(t);
    expect(newToken()).not.toBe(t);
  });

  it('matches the CSRF token exactly', () => {
    expect(csrfMatches('abc', 'abc')).toBe(true);
    expect(csrfMatches('abd', 'abc')).toBe(false);
    expect(csrfMatches('ab', 'abc')).toBe(false);
    expect(csrfMatches(undefined, 'abc')).toBe(false);
  });

  it('treats only GET, HEAD and OPTIONS as safe', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
  });

  it('a revoked or expired session is not live', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    expect(sessionIsLive({ expiresAt: new Date('2026-01-01T11:00:00Z'), revokedAt: null }, now)).toBe(true);
    expect(sessionIsLive({ expiresAt: new Date('2026-01-01T11:00:00Z'), revokedAt: new Date('2026-01-01T09:00:00Z') }, now)).toBe(false);
    expect(sessionIsLive({ expiresAt: now, revokedAt: null }, now)).toBe(false);
  });

  it.each([
    ['/dashboard', '/dashboard'],
    ['/dashboard?x=1', '/dashboard?x=1'],
    ['//evil.example', '/dashboard'],
    ['https://evil.example', '/dashboard'],
    ['/\\evil', '/dashboard'],
    [undefined, '/dashboard'],
  ])('return path %s -> %s', (raw, expected) => {
    expect(safeReturnPath(raw)).toBe(expected);
  });
});
