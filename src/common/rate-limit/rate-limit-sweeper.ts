import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { PeriodicJob } from '../jobs/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { WINDOW_MS, windowStart } from './domain/sliding-window';
import { RateLimitRepository } from './rate-limit.repository';

/**
 * Every RATE_LIMIT_SWEEP_INTERVAL_SECONDS each instance deletes the counter windows no request
 * reads any more (older than the previous window). Several instances sweeping at once only
 * delete the same rows.
 */
@Injectable()
export class RateLimitSweeper extends PeriodicJob {
  constructor(
    private readonly db: DataSource,
    private readonly counters: RateLimitRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('rate_limit_sweep', config.rateLimit.sweepIntervalSeconds * 1000);
  }

  /** Public so tests can run a pass. */
  async runOnce(): Promise<{ deleted: number }> {
    const before = new Date(windowStart(this.clock.now().getTime()) - WINDOW_MS);
    return { deleted: await this.counters.deleteBefore(this.db.manager, before) };
  }
}
