import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * Background work on a timer: every `everyMs` (0 = off, the default under NODE_ENV=test,
 * where tests call the work directly) each instance runs `runOnce()` on an unref'd timer, never
 * overlapping itself; shutting down waits for a pass in flight. This only schedules: the work
 * must be safe with several instances (claim rows with FOR UPDATE SKIP LOCKED, dedupe keys,
 * advisory locks). Logs the counts the work returns when any is non-zero, and only the error's
 * name on failure (database messages quote values).
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;
  private readonly jobLogger = new Logger(this.constructor.name);

  /**
   * @param jobName the event name in log lines, e.g. `referral_breach_check`.
   * @param everyMs the interval, from the job's configuration (0 = off).
   */
  constructor(
    protected readonly jobName: string,
    private readonly everyMs: number,
  ) {}

  protected abstract runOnce(): Promise<object>;

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private tick(): Promise<void> {
    if (this.inFlight || this.stopped) return Promise.resolve();
    this.inFlight = this.pass().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async pass(): Promise<void> {
    try {
      const counts = await this.runOnce();
      if (Object.values(counts).some((n) => typeof n === 'number' && n > 0)) this.jobLogger.log({ event: this.jobName, ...counts });
    } catch (e) {
      this.jobLogger.error({ event: `${this.jobName}_failed`, error: (e as Error)?.name ?? 'Error' });
    }
  }
}
