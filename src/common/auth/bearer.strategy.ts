import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import type { Principal } from './principal';
import { DETACHED_PASSPORT, StaffAuthenticator } from './staff-authenticator';
import { TokenVerifier } from './token-verifier';

/**
 * Bearer JWTs as a passport strategy. Verification itself stays in TokenVerifier (jose: HS256
 * secret or JWKS, issuer/audience, the roles/teams/org claims). No Authorization header: not ours
 * (the session strategy may recognise the request); a header that fails verification: 401.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(
    private readonly verifier: TokenVerifier,
    authenticator: StaffAuthenticator,
  ) {
    super();
    authenticator.use('bearer', this);
  }

  getPassportInstance() {
    return DETACHED_PASSPORT;
  }

  async validate(req: Request): Promise<Principal | null> {
    const header = req.header('authorization');
    if (header === undefined) return null;
    return this.verifier.verify(header);
  }
}
