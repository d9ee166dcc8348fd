import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { PdsRecheckService } from './pds-recheck.service';
import { TraceService } from './trace.service';

/**
 * Every TRACE_INTERVAL_SECONDS each instance traces the untraced patients that are due, then
 * re-checks the living patients whose PDS check is older than PDS_RECHECK_DAYS (both claimed with
 * SKIP LOCKED, so instances share the work).
 */
@Injectable()
export class TraceJob extends PeriodicJob {
  constructor(
    private readonly traces: TraceService,
    private readonly rechecks: PdsRecheckService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('nhs_number_trace', config.identity.traceIntervalSeconds * 1000);
  }

  protected async runOnce() {
    return { ...(await this.traces.traceDue()), ...(await this.rechecks.recheckDue()) };
  }
}
