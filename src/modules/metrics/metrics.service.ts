import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { ValidationFailed } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { readOnlySnapshot } from '../../database/read-only-snapshot';
import { BedMeasuresRepository } from '../beds/bed-measures.repository';
import { Measure, MetricsFilter } from './domain/measures';
import { REPORT_RETRY_AFTER_SECONDS, turnRetryDelayMs } from './domain/report-turns';
import { stepDownTrend } from './domain/trend';
import { ReportsBusy } from './metrics-errors';
import { MetricsRegistry } from './metrics.registry';
import { ReportTurnsRepository } from './report-turns.repository';

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 3 * 366;

export interface MetricsReport {
  period: { from: string; to: string };
  practice: string | null;
  locality: string | null;
  generatedAt: string;
  suppression: string;
  measures: Measure[];
}

/**
 * The commissioner's report: every registered capability's measures over one snapshot
 * (REPEATABLE READ, read only), aggregate SQL only; no patient identifiers leave this service.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: MetricsRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly beds: BedMeasuresRepository,
    private readonly turns: ReportTurnsRepository,
    private readonly clock: Clock,
  ) {}

  /** Wake-ups of this instance's reports waiting for a turn, longest-waiting first. */
  private readonly waiting = new Set<() => void>();

  filter(q: { from?: string; to?: string; practice?: string; locality?: string }, now = this.clock.now()): MetricsFilter {
    const to = q.to ? new Date(q.to) : now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 91 * DAY_MS);
    if (from.getTime() >= to.getTime()) throw new ValidationFailed('The period is empty', [{ field: 'from', message: 'must be before to' }]);
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
      throw new ValidationFailed('The period is too long', [{ field: 'from', message: `the period may be at most ${MAX_PERIOD_DAYS} days` }]);
    }
    return { from, to, practice: q.practice, locality: q.locality };
  }

  /** `abandoned`: aborts when nobody waits for the answer any more (the client went away). */
  async report(filter: MetricsFilter, now = this.clock.now(), abandoned?: AbortSignal): Promise<MetricsReport> {
    const measures = await this.inTurn(async (em) => {
      const out: Measure[] = [];
      for (const provider of this.registry.all()) out.push(...(await provider.measures(em, filter, now)));
      return out;
    }, abandoned);
    return {
      period: { from: filter.from.toISOString(), to: filter.to.toISOString() },
      practice: filter.practice ?? null,
      locality: filter.locality ?? null,
      generatedAt: now.toISOString(),
      suppression: 'Counts of 1-4 are shown as "<5" and rates derived from them are withheld (null).',
      measures,
    };
  }

  /**
   * `work` in a read-only snapshot that holds one of the report turns. While every turn is taken
   * the transaction ends at once (its connection goes back to the pool: waiting reports hold none)
   * and the report tries again after a pause, or as soon as a report of this instance finishes,
   * until METRICS_REPORT_WAIT_SECONDS run out. A report whose client has gone stops waiting: it
   * would take a turn to produce figures nobody reads (a reloading dashboard would multiply them).
   */
  private async inTurn<T>(work: (em: EntityManager) => Promise<T>, abandoned?: AbortSignal): Promise<T> {
    const { concurrentReports, reportWaitSeconds } = this.config.metrics;
    const deadline = Date.now() + reportWaitSeconds * 1000;
    for (let attempt = 0; ; attempt++) {
      // REPORTS_BUSY for a client that is gone: nothing is produced, nobody reads the answer
      if (abandoned?.aborted) throw new ReportsBusy(reportWaitSeconds, REPORT_RETRY_AFTER_SECONDS);
      let held = false;
      try {
        const done = await readOnlySnapshot(this.db, async (em) => {
          held = await this.turns.take(em, concurrentReports);
          return held ? { value: await work(em) } : null;
        });
        if (done) return done.value;
      } finally {
        // the turn is free again (the transaction has ended): the longest-waiting report here tries now
        if (held) this.waiting.values().next().value?.();
      }
      const pause = turnRetryDelayMs(attempt, Math.random());
      if (Date.now() + pause > deadline) throw new ReportsBusy(reportWaitSeconds, REPORT_RETRY_AFTER_SECONDS);
      await this.pauseBeforeRetry(pause, abandoned);
    }
  }

  /** `ms`, or less: a report of this instance finishing, or the client going away, ends it early. */
  private pauseBeforeRetry(ms: number, abandoned?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (abandoned?.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        abandoned?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
      abandoned?.addEventListener('abort', wake);
    });
  }

  /** Weekly step-down share of bed admissions (all units, or a locality's) against the target, for the dashboard. */
  async stepDownTrend(q: { weeks?: number; locality?: string }, now = this.clock.now()) {
    const weeks = q.weeks ?? 12;
    const admissions = await this.beds.weeklyAdmissions(this.db.manager, now, weeks, q.locality ?? null);
    const target = admissions.target ?? this.config.beds.stepDownTarget;
    return {
      target,
      weeks: stepDownTrend(
        admissions.weeks,
        target,
        { sigma: this.config.beds.controlLimitSigma, minAdmissions: this.config.beds.mixMinAdmissions },
      ),
    };
  }
}
