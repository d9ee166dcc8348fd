import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../clock';
import { RateLimited } from '../errors/domain-error';
import { outsideRequestTransaction } from '../idempotency/request-transaction';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { addressBucket, principalBucket } from './domain/buckets';
import { WINDOW_MS, judge, windowStart } from './domain/sliding-window';
import { RateLimitRepository } from './rate-limit.repository';

/**
 * RATE_LIMIT_PER_MINUTE per user (token `sub`) when the request authenticated, per client address
 * when it did not, over a sliding minute, counted in PostgreSQL so every instance shares one
 * budget. Called by the AuthGuard after authentication and before anything else touches data:
 * one statement on a pooled connection that is released before the request goes on, so a request
 * still holds at most one connection at a time.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly db: DataSource,
    private readonly counters: RateLimitRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts the request; past the limit throws 429 RATE_LIMITED (with Retry-After). */
  async admit(req: Request, principal: Principal | undefined): Promise<void> {
    const bucket = principal ? principalBucket(principal.sub) : addressBucket(req.ip);
    const now = this.clock.now().getTime();
    const start = windowStart(now);
    const counts = await outsideRequestTransaction(() =>
      this.counters.hit(this.db.manager, bucket, new Date(start), new Date(start - WINDOW_MS)),
    );
    const verdict = judge(this.config.rateLimit.perMinute, now, counts);
    if (verdict.allowed) return;
    const who = principal ? 'for this user' : 'from this address';
    throw new RateLimited(`More than ${this.config.rateLimit.perMinute} requests a minute ${who}: retry in ${verdict.retryAfterSeconds} s`, verdict.retryAfterSeconds);
  }
}
