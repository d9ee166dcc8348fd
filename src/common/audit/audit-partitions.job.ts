import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Clock } from '../clock';
import { PeriodicJob } from '../jobs/periodic-job';
import { AuditPartitionsRepository } from './audit-partitions.repository';

/** How far ahead months of audit_events exist. */
export const AUDIT_MONTHS_AHEAD = 3;

/**
 * Keeps audit_events' monthly partitions AUDIT_MONTHS_AHEAD months ahead: every six hours on each
 * instance (one creator at a time: the function takes an advisory lock). A write never waits for
 * this job: a row whose month is missing lands in the default partition and is moved into its
 * month when the month is created.
 */
@Injectable()
export class AuditPartitionsJob extends PeriodicJob {
  constructor(
    private readonly db: DataSource,
    private readonly partitions: AuditPartitionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('audit_partitions', config.nodeEnv === 'test' ? 0 : 6 * 3_600_000);
  }

  async runOnce(): Promise<{ created: number }> {
    const now = this.clock.now();
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + AUDIT_MONTHS_AHEAD, 1));
    return { created: await this.partitions.ensure(this.db.manager, now, ahead) };
  }
}
