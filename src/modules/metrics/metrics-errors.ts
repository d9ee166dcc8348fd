import { defineErrors } from '../../common/errors/domain-error';

export const METRICS_ERRORS = defineErrors('metrics', {
  REPORTS_BUSY: {
    kind: 'unavailable',
    title: 'Too many reports are being produced',
    description:
      'Every one of the `METRICS_CONCURRENT_REPORTS` report turns (shared by all instances) stayed taken for `METRICS_REPORT_WAIT_SECONDS`: nothing was produced. Retry after the `Retry-After` seconds. Reports take turns so that a burst of year-long reports cannot take the database from clinical work.',
  },
});

/** No report turn came free in time; the client may retry after `retryAfterSeconds`. */
export class ReportsBusy extends METRICS_ERRORS.error('REPORTS_BUSY') {
  constructor(waitedSeconds: number, retryAfterSeconds: number) {
    super(`Every report turn stayed taken for the ${waitedSeconds} s a report may wait; retry in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
