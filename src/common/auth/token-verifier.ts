import { Inject, Injectable } from '@nestjs/common';
import { JWTPayload, JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from 'jose';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Unauthenticated } from '../errors/domain-error';
import { isRole, permissionsFor } from './permissions';
import { Principal } from './principal';

@Injectable()
export class TokenVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly secret?: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.auth.jwksUri) this.jwks = createRemoteJWKSet(new URL(config.auth.jwksUri));
    else if (config.auth.jwtSecret) this.secret = new TextEncoder().encode(config.auth.jwtSecret);
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/i.exec(authorization ?? '');
    if (!match) throw new Unauthenticated('Send Authorization: Bearer <token>');
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        requiredClaims: ['sub', 'exp'],
      };
      payload = this.jwks
        ? (await jwtVerify(match[1], this.jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload
        : (await jwtVerify(match[1], this.secret as Uint8Array, { ...options, algorithms: ['HS256'] })).payload;
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new Unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid');
    }
    const lifetimeProblem = tokenLifetimeProblem(payload, Date.now() / 1000, this.config.security);
    if (lifetimeProblem) throw new Unauthenticated(lifetimeProblem);
    return toPrincipal(payload);
  }
}

/** A token issued in the future, or valid for longer than the configured maximum, is refused. */
export function tokenLifetimeProblem(
  payload: JWTPayload,
  nowSeconds: number,
  limits: { tokenMaxLifetimeHours: number; tokenClockSkewSeconds: number },
): string | null {
  const skew = limits.tokenClockSkewSeconds;
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + skew) return 'The token is issued in the future';
  if (typeof payload.exp === 'number' && payload.exp > nowSeconds + limits.tokenMaxLifetimeHours * 3600 + skew) return 'The token is valid for longer than allowed';
  return null;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64) : [];
}

export function toPrincipal(payload: JWTPayload): Principal {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw new Unauthenticated('The token has no subject');
  const roles = stringArray(payload['roles']).filter(isRole);
  return {
    sub,
    name: typeof payload['name'] === 'string' ? payload['name'].slice(0, 200) : undefined,
    roles,
    org: typeof payload['org'] === 'string' ? payload['org'].slice(0, 12) : undefined,
    teams: stringArray(payload['teams']),
    permissions: permissionsFor(roles),
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
  };
}
