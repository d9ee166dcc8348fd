import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Authenticator } from 'passport';
import { Unauthenticated } from '../errors/domain-error';
import type { Principal } from './principal';

/**
 * This app's own passport instance (not passport's process-wide default), so two apps in one
 * process (tests) never share strategies. Strategies: `bearer` (JWT, common/auth/bearer.strategy)
 * then `session` (dashboard cookie, modules/sign-in/session.strategy); the first that recognises
 * the request decides.
 */
@Injectable()
export class StaffAuthenticator extends Authenticator {
  /** The principal of the request, or a DomainError (401 when no strategy recognises it). */
  principalOf(req: Request, res: Response): Promise<Principal> {
    return new Promise((resolve, reject) => {
      const handler = this.authenticate(['bearer', 'session'], { session: false }, (err: unknown, user: Principal | false) => {
        if (err) reject(err);
        else if (!user) reject(new Unauthenticated('Send Authorization: Bearer <token>, or sign in to the dashboard'));
        else resolve(user);
      });
      handler(req, res, (err?: unknown) => reject(err ?? new Unauthenticated()));
    });
  }
}

/** Strategies register with the app's StaffAuthenticator, not with passport's global instance. */
export const DETACHED_PASSPORT = new Authenticator();
