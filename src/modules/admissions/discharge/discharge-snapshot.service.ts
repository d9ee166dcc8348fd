import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PeriodicJob } from '../../../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { Clock } from '../../../common/clock';
import { DischargeSnapshotRepository } from './discharge-snapshot.repository';
import { snapshotDaysDue } from './domain/discharge-rules';

export interface SnapshotResult {
  /** Days this call snapshotted (others were already taken, here or by another instance). */
  days: number;
  /** Delayed patients recorded across those days. */
  delayed: number;
}

/**
 * The midnight delayed-patient snapshot, as the national daily returns count: one row per
 * delayed adult per day, so delayed days in any period are the sum of the daily counts.
 * Exactly once per day across instances: the day's row in discharge_snapshot_days is claimed
 * with INSERT ... ON CONFLICT DO NOTHING in the same transaction as the day's rows (a second
 * instance waits on the key, then finds it taken). After downtime every missed day is taken,
 * each from the history as it stood at that midnight.
 */
@Injectable()
export class DischargeSnapshotService extends PeriodicJob {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly repo: DischargeSnapshotRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('discharge_midnight_snapshot', config.discharge.snapshotIntervalSeconds * 1000);
  }

  protected runOnce() {
    return this.catchUp();
  }

  /** Take every snapshot due at `now` (default the clock): each missed day up to yesterday. */
  async catchUp(now: Date = this.clock.now()): Promise<SnapshotResult> {
    const last = await this.repo.lastDay(this.db.manager);
    const out: SnapshotResult = { days: 0, delayed: 0 };
    for (const day of snapshotDaysDue(last, now, this.config.discharge.snapshotFirstRunDays)) {
      const taken = await this.db.transaction((em) => this.take(em, day, now));
      if (taken !== null) {
        out.days += 1;
        out.delayed += taken;
      }
    }
    return out;
  }

  /** The snapshot of one day, or null when it was already taken. */
  async take(em: EntityManager, day: string, now: Date): Promise<number | null> {
    if (!(await this.repo.claimDay(em, day, now))) return null;
    const counts = await this.repo.snapshot(em, day);
    await this.repo.recordCounts(em, day, counts);
    return counts.n;
  }

  /** Weekly delayed days (DTOC and past DRD) by attribution, from the snapshots, for the dashboard. */
  async weeklyTrend(weeks: number, now: Date = this.clock.now()) {
    const rows = await this.repo.weekly(this.db.manager, weeks, now);
    return {
      weeks: rows.map((r) => ({
        weekStart: r.week,
        dtocDays: r.dtoc,
        nctrDays: r.nctr,
        dtocDaysByAttribution: { nhs: r.nhs, social_care: r.social_care, both: r.both, unattributed: r.unattributed },
      })),
    };
  }
}
