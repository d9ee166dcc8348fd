import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { Permission } from './permissions';
import { Principal, RequestContext } from './principal';

export const PUBLIC_KEY = 'auth:public';
export const PERMISSIONS_KEY = 'auth:permissions';

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The route needs a valid token carrying at least one of these permissions. */
export const Authorize = (...permissions: Permission[]) => SetMetadata(PERMISSIONS_KEY, permissions);

export type AuthedRequest = Request & { id?: string; principal?: Principal };

const MAX_REASON = 500;

export function requestContext(req: AuthedRequest): RequestContext {
  const rawReason = req.header('x-access-reason');
  const reason = rawReason?.trim().slice(0, MAX_REASON);
  return {
    principal: req.principal as Principal,
    correlationId: String(req.id ?? ''),
    accessReason: reason ? reason : undefined,
  };
}

/** The caller, the correlation id and any break-glass reason. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext =>
  requestContext(ctx.switchToHttp().getRequest<AuthedRequest>()),
);
