import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookie names: the __Host- prefix (Secure, Path=/, no Domain) whenever cookies are Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-spoa_session' : 'spoa_session';
}
export function loginCookieName(secure: boolean): string {
  return secure ? '__Host-spoa_login' : 'spoa_login';
}

/** The session cookie's attributes: HttpOnly, SameSite=Lax (the IdP's redirect back is a top-level GET), Secure outside local development. */
export function sessionCookieOptions(secure: boolean, maxAgeMs: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: maxAgeMs };
}

/** A new random token (256 bits) for a cookie or CSRF value. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a session token: its SHA-256 (hex). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Methods that change nothing: the only ones a cookie-authenticated request may make without the CSRF token. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** A session opens the service until it expires or is revoked (sign-out). */
export function sessionIsLive(s: { expiresAt: Date; revokedAt: Date | null }, now: Date): boolean {
  return s.revokedAt === null && s.expiresAt.getTime() > now.getTime();
}

/** Only a local path may be a return target after sign-in (no open redirect). */
export function safeReturnPath(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])[A-Za-z0-9/_\-.?=&%]*$/.test(raw) && raw.length <= 200 ? raw : '/dashboard';
}
