import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden } from '../errors/domain-error';
import { AuthedRequest, PERMISSIONS_KEY, PUBLIC_KEY } from './decorators';
import { Permission } from './permissions';
import { TokenVerifier } from './token-verifier';

/**
 * Global guard, deny by default: a route must declare @Public() or @Authorize(...).
 * A route declaring neither is refused (and the route inventory test fails the build).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Permission[]>(PERMISSIONS_KEY, targets);
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.verifier.verify(req.header('authorization'));
    req.principal = principal;
    if (!required || required.length === 0) throw new Forbidden('This route declares no permission');
    if (!required.some((p) => principal.permissions.has(p))) {
      throw new Forbidden(`Needs one of: ${required.join(', ')}`);
    }
    return true;
  }
}
