import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { TraceService } from './trace.service';

/** Every TRACE_INTERVAL_SECONDS each instance traces the untraced patients that are due (claimed with SKIP LOCKED). */
@Injectable()
export class TraceJob extends PeriodicJob {
  constructor(
    private readonly traces: TraceService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('nhs_number_trace', config.identity.traceIntervalSeconds * 1000);
  }

  protected runOnce() {
    return this.traces.traceDue();
  }
}
