import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { BedAllocator } from './bed-allocator';
import { BedMixService } from './bed-mix.service';
import { BedRequestCloser } from './bed-request-closer';
import { writeTransaction } from '../../database/write-transaction';

/**
 * Time moves on without any request: an earliest date passes, the mix window slides, step-up
 * demand expires. Every BEDS_SWEEP_INTERVAL_SECONDS each instance expires waiting step-up requests
 * past BEDS_STEP_UP_EXPIRY_HOURS (claimed FOR UPDATE SKIP LOCKED: each closes once), re-runs the allocator (serialised across instances by
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
    private readonly closer: BedRequestCloser,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.beds.sweepIntervalSeconds * 1000;
  }

  protected runOnce() {
    return this.sweep();
  }

  async sweep(now = new Date()): Promise<{ expired: number; offers: number; driftAlerts: number }> {
    // Step-up demand past BEDS_STEP_UP_EXPIRY_HOURS closes first, so no bed is offered to it.
    const expired = await writeTransaction(this.db, (em) => this.closer.expireStepUps(em, now));
    const offers = await writeTransaction(this.db, (em) => this.allocator.run(em, 'sweep'));
    const units: { id: string }[] = await this.db.query('SELECT id FROM bed_units ORDER BY id');
    let driftAlerts = 0;
    for (const u of units) {
      const r = await writeTransaction(this.db, (em) => this.mix.evaluateDrift(em, u.id));
      if (r.raised) driftAlerts++;
    }
    return { expired, offers: offers.length, driftAlerts };
  }
}
