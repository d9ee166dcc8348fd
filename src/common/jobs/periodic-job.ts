import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * Background work on a timer: every `intervalSeconds()` (0 = off, the default under
 * NODE_ENV=test, where tests call the work directly) each instance runs `runOnce()` on an unref'd
 * timer, never overlapping itself. This only schedules: the work itself must be safe with several
 * instances (claim rows with FOR UPDATE SKIP LOCKED, dedupe keys, advisory locks). Logs the
 * counts the work returns, and only the error's name on failure (database messages quote values).
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly jobLogger = new Logger(this.constructor.name);

  /** The event name in log lines, e.g. `referral_breach_check`. */
  protected abstract readonly jobName: string;
  protected abstract intervalSeconds(): number;
  protected abstract runOnce(): Promise<object>;

  onApplicationBootstrap(): void {
    const seconds = this.intervalSeconds();
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const counts = await this.runOnce();
      if (Object.values(counts).some((n) => typeof n === 'number' && n > 0)) this.jobLogger.log({ event: this.jobName, ...counts });
    } catch (e) {
      this.jobLogger.error({ event: `${this.jobName}_failed`, error: (e as Error)?.name ?? 'Error' });
    } finally {
      this.running = false;
    }
  }
}
