import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { Unauthenticated } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { csrfMatches, loginCookieName, sessionCookieName, sessionCookieOptions } from './domain/session-rules';
import { sessionToken } from './session.strategy';
import { SessionsService } from './sessions.service';
import { CsrfTokenInvalid } from './sign-in-errors';
import { OidcClientService } from './oidc-client.service';
import { SignInService, decodeTransaction, encodeTransaction } from './sign-in.service';

const LOGIN_MAX_AGE_MS = 10 * 60_000;

/**
 * Staff sign-in for the dashboard (browser routes under /auth, outside /api/v1): start the OIDC
 * flow, come back from the provider, who am I (with the CSRF token), sign out.
 */
@ApiExcludeController()
@Controller('auth')
export class SignInController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    private readonly oidc: OidcClientService,
  ) {}


  @Get('login')
  @Public()
  async login(@Query('returnTo') returnTo: unknown, @Res() res: Response) {
    const { url, transaction } = await this.signIn.start(returnTo);
    res.cookie(loginCookieName(this.config.signIn.cookieSecure), encodeTransaction(transaction), { ...sessionCookieOptions(this.config.signIn.cookieSecure, LOGIN_MAX_AGE_MS) });
    res.redirect(302, url);
  }

  @Get('callback')
  @Public()
  async callback(@Req() req: Request, @Res() res: Response) {
    const raw = req.header('cookie') ? parse(req.header('cookie') as string)[loginCookieName(this.config.signIn.cookieSecure)] : undefined;
    res.clearCookie(loginCookieName(this.config.signIn.cookieSecure), { path: '/', secure: this.config.signIn.cookieSecure, httpOnly: true, sameSite: 'lax' });
    const query = new URL(req.originalUrl, 'http://local').search;
    const { session, returnTo } = await this.signIn.finish(query, decodeTransaction(raw));
    res.cookie(sessionCookieName(this.config.signIn.cookieSecure), session.token, sessionCookieOptions(this.config.signIn.cookieSecure, session.expiresAt.getTime() - Date.now()));
    res.redirect(302, returnTo);
  }

  /** Who is signed in, and the CSRF token the dashboard sends with changes. 401 when not signed in. */
  @Get('session')
  @Public()
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const token = sessionToken(req, this.config.signIn.cookieSecure);
    const s = token ? await this.sessions.live(token) : null;
    if (!s) throw new Unauthenticated('Not signed in');
    return { sub: s.sub, name: s.name, roles: s.roles, teams: s.teams, org: s.org, expiresAt: s.expiresAt.toISOString(), csrfToken: s.csrfToken };
  }

  /** Sign-out (needs the session's X-CSRF-Token): the session is revoked in the database, so the cookie is dead everywhere. */
  @Post('logout')
  @Public()
  @HttpCode(200)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = sessionToken(req, this.config.signIn.cookieSecure);
    const s = token ? await this.sessions.live(token) : null;
    if (s && token) {
      if (!csrfMatches(req.header('x-csrf-token'), s.csrfToken)) throw new CsrfTokenInvalid();
      await this.sessions.revoke(token);
    }
    res.clearCookie(sessionCookieName(this.config.signIn.cookieSecure), { path: '/', secure: this.config.signIn.cookieSecure, httpOnly: true, sameSite: 'lax' });
    const base = this.config.signIn.oidc ? new URL('/dashboard', this.config.signIn.oidc.redirectUri).href : '/dashboard';
    return { signedOut: true, endSessionUrl: await this.oidc.endSessionUrl(base) };
  }
}
