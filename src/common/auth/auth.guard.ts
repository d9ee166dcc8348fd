import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { Forbidden } from '../errors/domain-error';
import { NO_RATE_LIMIT_KEY } from '../rate-limit/rate-limit.decorator';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { AuthedRequest, PERMISSIONS_KEY, PUBLIC_KEY } from './decorators';
import { Permission } from './permissions';
import type { Principal } from './principal';
import { StaffAuthenticator } from './staff-authenticator';

/**
 * Global guard, deny by default: a route must declare @Public() or @Authorize(...).
 * Who the caller is comes from the passport strategies (StaffAuthenticator); what they may do
 * from the role table.
 * A route declaring neither is refused (and the route inventory test fails the build).
 *
 * In order: authenticate, count the request against its rate-limit bucket (the user's when the
 * request authenticated, its address when it did not or the route is public; @NoRateLimit routes
 * are not counted), then answer 401/403. So anonymous traffic from an address never spends an
 * authenticated user's budget, and a request refused with 429 has touched nothing.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: StaffAuthenticator,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const limited = !this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT_KEY, targets);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      if (limited) await this.limiter.admit(req, undefined);
      return true;
    }
    const required = this.reflector.getAllAndOverride<Permission[]>(PERMISSIONS_KEY, targets);
    // Passport strategies: a bearer JWT, else the dashboard's session cookie (CSRF-checked for changes).
    let principal: Principal | undefined;
    let refusal: unknown;
    try {
      principal = await this.authenticator.principalOf(req, res);
    } catch (e) {
      refusal = e;
    }
    if (limited) await this.limiter.admit(req, principal);
    if (!principal) throw refusal;
    req.principal = principal;
    if (!required || required.length === 0) throw new Forbidden('This route declares no permission');
    if (!required.some((p) => principal.permissions.has(p))) {
      throw new Forbidden(`Needs one of: ${required.join(', ')}`);
    }
    return true;
  }
}
