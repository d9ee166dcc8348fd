import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export interface IdempotencyClaim {
  actorSub: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

/** A key's record: the request it was used for and, once answered, the answer to replay. */
export interface StoredRequest {
  requestHash: string;
  /** null until the request that claimed the key has answered (in the same transaction). */
  statusCode: number | null;
  responseBody: unknown;
  location: string | null;
}

export interface StoredAnswer {
  statusCode: number;
  responseBody: unknown;
  location: string | null;
}

/**
 * `idempotency_keys`, always through the request transaction's manager (withRequestTransaction):
 * the key's row and the request's effect are written on one connection and commit together.
 */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims the key for this request: true when this call inserted it, false when the row exists.
   * A duplicate in flight holds the row's lock; the insert waits for it at most `wait` (a
   * PostgreSQL interval, e.g. '10s'), then fails with lock_not_available (55P03).
   */
  async claim(em: EntityManager, claim: IdempotencyClaim, wait: string): Promise<boolean> {
    await em.query(`SET LOCAL lock_timeout = '${wait}'`);
    const claimed: unknown[] = await em.query(
      `INSERT INTO idempotency_keys (actor_sub, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (actor_sub, key) DO NOTHING RETURNING key`,
      [claim.actorSub, claim.key, claim.method, claim.path, claim.requestHash],
    );
    await em.query('SET LOCAL lock_timeout = DEFAULT');
    return claimed.length > 0;
  }

  async stored(em: EntityManager, actorSub: string, key: string): Promise<StoredRequest> {
    const row = await em.findOneByOrFail(IdempotencyKeyEntity, { actorSub, key });
    return { requestHash: row.requestHash, statusCode: row.statusCode, responseBody: row.responseBody, location: row.location };
  }

  async answer(em: EntityManager, actorSub: string, key: string, answer: StoredAnswer): Promise<void> {
    await em.update(IdempotencyKeyEntity, { actorSub, key }, { statusCode: answer.statusCode, responseBody: (answer.responseBody ?? null) as object, location: answer.location });
  }
}
