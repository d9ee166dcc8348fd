import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { parse } from 'cookie';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { permissionsFor } from '../../common/auth/permissions';
import type { Principal } from '../../common/auth/principal';
import { DETACHED_PASSPORT, StaffAuthenticator } from '../../common/auth/staff-authenticator';
import { Unauthenticated } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { csrfMatches, isSafeMethod, sessionCookieName } from './domain/session-rules';
import { SessionsService } from './sessions.service';
import { CsrfTokenInvalid } from './sign-in-errors';

/** The session cookie's token, if the request carries one. */
export function sessionToken(req: Request, secure: boolean): string | undefined {
  const header = req.header('cookie');
  return header ? parse(header)[sessionCookieName(secure)] : undefined;
}

/**
 * The dashboard's session cookie as a passport strategy: the session row (PostgreSQL) gives the
 * principal; a signed-out or expired session is 401; anything but GET/HEAD/OPTIONS must carry the
 * session's X-CSRF-Token (403 otherwise). No cookie: not ours.
 */
@Injectable()
export class SessionStrategy extends PassportStrategy(Strategy, 'session') {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    authenticator: StaffAuthenticator,
  ) {
    super();
    authenticator.use('session', this);
  }

  getPassportInstance() {
    return DETACHED_PASSPORT;
  }

  async validate(req: Request): Promise<Principal | null> {
    const token = sessionToken(req, this.config.signIn.cookieSecure);
    if (!token) return null;
    const s = await this.sessions.live(token);
    if (!s) throw new Unauthenticated('Your session has ended: sign in again');
    if (!isSafeMethod(req.method) && !csrfMatches(req.header('x-csrf-token'), s.csrfToken)) throw new CsrfTokenInvalid();
    return { sub: s.sub, name: s.name ?? undefined, roles: s.roles, teams: s.teams, org: s.org ?? undefined, permissions: permissionsFor(s.roles), expiresAt: s.expiresAt };
  }
}
