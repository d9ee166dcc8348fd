import { Module } from '@nestjs/common';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimitSweeper } from './rate-limit-sweeper';
import { RateLimiter } from './rate-limiter';

/** Shared, PostgreSQL-backed request counting (docs/security.md, "Rate limiting"). */
@Module({
  providers: [RateLimitRepository, RateLimiter, RateLimitSweeper],
  exports: [RateLimiter, RateLimitSweeper],
})
export class RateLimitModule {}
