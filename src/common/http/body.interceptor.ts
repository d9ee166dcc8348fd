import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';
import { UnsupportedMediaType, ValidationFailed } from '../errors/domain-error';
import { bodyProblem } from './body-guard';
import type { RequestWithBodyError } from './body-parser.middleware';

export const CONSUMES_KEY = 'http:consumes';
/** Media types a route accepts besides application/json (e.g. text/csv for imports). */
export const Consumes = (...types: string[]) => SetMetadata(CONSUMES_KEY, types);

function hasBody(req: RequestWithBodyError): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Request input before any handler: the path's parameters and the query string are held to the
 * body's rules (no NUL, no unpaired surrogate; PostgreSQL refuses NUL in text, which came back as a
 * 500 from 27 routes), a body parse failure kept by BodyParserMiddleware is raised here
 * (after auth), and a body in a media type the route does not accept is 415.
 */
@Injectable()
export class BodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithBodyError>();
    const inUrl = bodyProblem(req.params ?? {}) ?? bodyProblem(req.query ?? {});
    if (inUrl) return throwError(() => new ValidationFailed(`${inUrl.field} ${inUrl.message}`, [inUrl]));
    if (req.bodyError) return throwError(() => req.bodyError);
    if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody(req)) return next.handle();
    const extra = this.reflector.get<string[]>(CONSUMES_KEY, context.getHandler()) ?? [];
    const accepted = ['application/json', 'application/*+json', ...extra];
    if (!req.is(accepted)) {
      return throwError(() => new UnsupportedMediaType(`Send one of: ${accepted.join(', ')}`));
    }
    return next.handle();
  }
}
