import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { Observable, from, lastValueFrom, mergeMap, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuthedRequest } from '../auth/decorators';
import { IdempotencyKeyInProgress, IdempotencyKeyReused, ValidationFailed } from '../errors/domain-error';
import { IdempotencyRepository } from './idempotency.repository';
import { IDEMPOTENT_KEY } from './idempotent.decorator';
import { withRequestTransaction } from './request-transaction';

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

/** How long a duplicate waits for the first request with the same key before 409 IN_PROGRESS. */
const CLAIM_WAIT = '10s';

/**
 * Idempotency-Key on creates (per api.md). The key's record and the request's effect commit in
 * ONE transaction (withRequestTransaction: the services' own transactions become savepoints in it),
 * so a crash at any point leaves either both or neither: a replay after `kill -9` returns the
 * stored answer or performs the request once; no key is ever left "in progress" (issue 12 item 2).
 * A concurrent duplicate's insert waits on the first request's uncommitted row, then replays its
 * answer (or runs, if the first failed). A different body with the same key is 409
 * IDEMPOTENCY_KEY_REUSED; a failed request rolls back, which releases the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
    private readonly keys: IdempotencyRepository,
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
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);

    return from(
      withRequestTransaction(this.db, async (em) => {
        let claimed: boolean;
        try {
          claimed = await this.keys.claim(em, { actorSub, key, method: req.method, path, requestHash }, CLAIM_WAIT);
        } catch (e) {
          if ((e as { driverError?: { code?: string } }).driverError?.code === '55P03') throw new IdempotencyKeyInProgress('Retry shortly');
          throw e;
        }
        if (!claimed) {
          const stored = await this.keys.stored(em, actorSub, key);
          if (stored.requestHash !== requestHash) throw new IdempotencyKeyReused('Use a new Idempotency-Key for a different request');
          // Rows are written with their answer in one transaction; an unanswered row predates that
          // (or was left by an older version after a crash): take it over and run the request.
          if (stored.statusCode !== null) return { replay: stored };
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const location = res.getHeader('location');
        await this.keys.answer(em, actorSub, key, {
          statusCode: res.statusCode !== 200 ? res.statusCode : status,
          responseBody: body ?? null,
          location: location ? String(location) : null,
        });
        return { body };
      }),
    ).pipe(
      mergeMap((outcome) => {
        if ('body' in outcome) return of(outcome.body);
        const stored = outcome.replay;
        res.status(stored.statusCode as number);
        if (stored.location) res.setHeader('Location', stored.location);
        res.setHeader('Idempotent-Replayed', 'true');
        return of(stored.responseBody);
      }),
    );
  }
}
