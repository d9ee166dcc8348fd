import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';

export const ROUTE_PATTERN = Symbol('routePattern');
export type PatternedRequest = { route?: { path?: unknown }; baseUrl?: string; [ROUTE_PATTERN]?: string };

/**
 * Keeps the matched route's pattern (/api/v1/patients/:nhsNumber) on the request, so the access
 * log line shows the pattern instead of the path the caller sent (which may carry an NHS number in
 * any spelling). Express later overwrites req.route with the catch-all middleware route.
 */
@Injectable()
export class RoutePatternInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<PatternedRequest>();
      const path = req.route?.path;
      if (typeof path === 'string') req[ROUTE_PATTERN] = `${req.baseUrl ?? ''}${path}`;
    }
    return next.handle();
  }
}
