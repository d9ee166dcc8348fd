import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { BedAllocator } from './bed-allocator';
import { BedMixService } from './bed-mix.service';
import { BedRequestCloser } from './bed-request-closer';
import { BedUnitsRepository } from './bed-units.repository';
import { Clock } from '../../common/clock';
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
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly mix: BedMixService,
    private readonly closer: BedRequestCloser,
    private readonly units: BedUnitsRepository,
    private readonly clock: Clock,
  ) {
    super('bed_sweep', config.beds.sweepIntervalSeconds * 1000);
  }

  protected runOnce() {
    return this.sweep();
  }

  async sweep(now = this.clock.now()): Promise<{ expired: number; offers: number; driftAlerts: number }> {
    // Step-up demand past BEDS_STEP_UP_EXPIRY_HOURS closes first, so no bed is offered to it.
    const expired = await writeTransaction(this.db, (em) => this.closer.expireStepUps(em, now));
    const offers = await writeTransaction(this.db, (em) => this.allocator.run(em, 'sweep'));
    const units = await this.units.ids(this.db.manager);
    let driftAlerts = 0;
    for (const id of units) {
      const r = await writeTransaction(this.db, (em) => this.mix.evaluateDrift(em, id));
      if (r.raised) driftAlerts++;
    }
    return { expired, offers: offers.length, driftAlerts };
  }
}
