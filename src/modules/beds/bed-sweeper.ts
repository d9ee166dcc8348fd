import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
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
export class BedSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BedSweeper');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allocator: BedAllocator,
    private readonly mix: BedMixService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.beds.sweepIntervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.sweep()
        .catch((e: Error) => this.logger.error({ event: 'bed_sweep_failed', error: e?.name }))
        .finally(() => {
          this.running = false;
        });
    }, seconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<{ offers: number; driftAlerts: number }> {
    const offers = await writeTransaction(this.db, (em) => this.allocator.run(em, 'sweep'));
    const units: { id: string }[] = await this.db.query('SELECT id FROM bed_units ORDER BY id');
    let driftAlerts = 0;
    for (const u of units) {
      const r = await writeTransaction(this.db, (em) => this.mix.evaluateDrift(em, u.id));
      if (r.raised) driftAlerts++;
    }
    if (offers.length || driftAlerts) this.logger.log({ event: 'bed_sweep', offers: offers.length, driftAlerts });
    return { offers: offers.length, driftAlerts };
  }
}
