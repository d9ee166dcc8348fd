import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuthedRequest } from '../auth/decorators';
import { IdempotencyKeyInProgress, IdempotencyKeyReused, ValidationFailed } from '../errors/domain-error';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IDEMPOTENT_KEY } from './idempotent.decorator';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Stable JSON: object keys sorted, so the same body in another key order hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key on creates (per api.md): the first request claims the key (a row keyed by
 * caller and key, so concurrent duplicates cannot both run); the same key and body later replays
 * the stored status, Location and body; a different body is 409 IDEMPOTENCY_KEY_REUSED.
 * A failed request releases the key so it can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT_KEY, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      return throwError(() => new ValidationFailed('Idempotency-Key must be 1-200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'is not valid' }]));
    }
    const actorSub = req.principal?.sub ?? 'anonymous';
    const path = req.originalUrl.split('?')[0].slice(0, 300);
    const requestHash = createHash('sha256').update(`${req.method} ${path}\n${canonicalJson(req.body ?? null)}`).digest('hex');
    const repo = this.db.getRepository(IdempotencyKeyEntity);
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);

    return from(
      repo.createQueryBuilder().insert().values({ actorSub, key, method: req.method, path, requestHash }).orIgnore().returning(['key']).execute(),
    ).pipe(
      mergeMap((claim) => {
        if (claim.raw.length === 1) {
          return next.handle().pipe(
            mergeMap((body) => {
              const location = res.getHeader('location');
              return from(
                repo.update({ actorSub, key }, { statusCode: res.statusCode !== 200 ? res.statusCode : status, responseBody: body ?? null, location: location ? String(location) : null }),
              ).pipe(mergeMap(() => of(body)));
            }),
            catchError((err) => from(repo.delete({ actorSub, key })).pipe(mergeMap(() => throwError(() => err)))),
          );
        }
        return from(repo.findOneByOrFail({ actorSub, key })).pipe(
          mergeMap((stored) => {
            if (stored.requestHash !== requestHash) throw new IdempotencyKeyReused('Use a new Idempotency-Key for a different request');
            if (stored.statusCode === null) throw new IdempotencyKeyInProgress('Retry shortly');
            res.status(stored.statusCode);
            if (stored.location) res.setHeader('Location', stored.location);
            res.setHeader('Idempotent-Replayed', 'true');
            return of(stored.responseBody);
          }),
        );
      }),
    );
  }
}
