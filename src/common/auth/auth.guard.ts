import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden } from '../errors/domain-error';
import { AuthedRequest, PERMISSIONS_KEY, PUBLIC_KEY } from './decorators';
import { Permission } from './permissions';
import { StaffAuthenticator } from './staff-authenticator';

/**
 * Global guard, deny by default: a route must declare @Public() or @Authorize(...).
 * Who the caller is comes from the passport strategies (StaffAuthenticator); what they may do
 * from the role table.
 * A route declaring neither is refused (and the route inventory test fails the build).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: StaffAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Permission[]>(PERMISSIONS_KEY, targets);
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    // Passport strategies: a bearer JWT, else the dashboard's session cookie (CSRF-checked for changes).
    const principal = await this.authenticator.principalOf(req, context.switchToHttp().getResponse());
    req.principal = principal;
    if (!required || required.length === 0) throw new Forbidden('This route declares no permission');
    if (!required.some((p) => principal.permissions.has(p))) {
      throw new Forbidden(`Needs one of: ${required.join(', ')}`);
    }
    return true;
  }
}
