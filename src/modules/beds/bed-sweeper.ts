import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { BedAllocator } from './bed-allocator';
import { BedMixService } from './bed-mix.service';
import { writeTransaction } from './transaction';

/**
 * Time moves on without any request: an earliest date passes, the mix window slides. Every
 * BEDS_SWEEP_INTERVAL_SECONDS each instance re-runs the allocator (serialised across instances by
 * its advisory lock, so running it on every instance is safe) and re-judges each unit's mix (one
 * drift alert per excursion, deduplicated in the database). Logs counts only, never patient data.
 */
@Injectable()
export class BedSweeper extends PeriodicJob {
  protected readonly jobName = 'bed_sweep';

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly mix: BedMixService,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.beds.sweepIntervalSeconds * 1000;
  }

  protected runOnce() {
    return this.sweep();
  }

  async sweep(): Promise<{ offers: number; driftAlerts: number }> {
    const offers = await writeTransaction(this.db, (em) => this.allocator.run(em, 'sweep'));
    const units: { id: string }[] = await this.db.query('SELECT id FROM bed_units ORDER BY id');
    let driftAlerts = 0;
    for (const u of units) {
      const r = await writeTransaction(this.db, (em) => this.mix.evaluateDrift(em, u.id));
      if (r.raised) driftAlerts++;
    }
    return { offers: offers.length, driftAlerts };
  }
}
