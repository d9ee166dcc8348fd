import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { breakGlassAllowedFor, checkAccessReason } from '../access/domain/break-glass';
import { ValidationFailed } from '../errors/domain-error';
import { Permission } from './permissions';
import { Principal, RequestContext } from './principal';

export const PUBLIC_KEY = 'auth:public';
export const PERMISSIONS_KEY = 'auth:permissions';

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The route needs a valid token carrying at least one of these permissions. */
export const Authorize = (...permissions: Permission[]) => SetMetadata(PERMISSIONS_KEY, permissions);

export type AuthedRequest = Request & { id?: string; principal?: Principal };

/**
 * The request's context. X-Access-Reason (break-glass) counts on reads only and must be real
 * words (common/access/domain/break-glass.ts): a bad reason on a read is 400, on a write ignored.
 */
export function requestContext(req: AuthedRequest, options: { lenient?: boolean } = {}): RequestContext {
  const rawReason = req.header('x-access-reason');
  let accessReason: string | undefined;
  if (rawReason !== undefined && rawReason.trim() !== '' && breakGlassAllowedFor(req.method)) {
    const check = checkAccessReason(rawReason);
    if (check.ok) accessReason = check.reason;
    else if (!options.lenient) throw new ValidationFailed(`X-Access-Reason ${check.message}`, [{ field: 'X-Access-Reason', message: check.message }]);
  }
  return {
    principal: req.principal as Principal,
    correlationId: String(req.id ?? ''),
    accessReason,
  };
}

/** The caller, the correlation id and any break-glass reason. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext =>
  requestContext(ctx.switchToHttp().getRequest<AuthedRequest>()),
);
