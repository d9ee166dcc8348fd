/**
 * Reports take turns: at most METRICS_CONCURRENT_REPORTS at once across every instance. A report
 * that finds every turn taken tries again after a pause, until METRICS_REPORT_WAIT_SECONDS run
 * out; then the client is told to come back later (503 REPORTS_BUSY).
 */

/** The client's Retry-After when no turn came free: about what a few year-long county reports take. */
export const REPORT_RETRY_AFTER_SECONDS = 10;

/**
 * The pause before try `attempt + 1` (0 = after the first try): 200 ms doubling to at most 1 s,
 * then between half and all of it (`random` in [0, 1)), so reports waiting together do not all
 * come back in the same instant. (A report finishing on the same instance wakes one of its
 * waiting reports at once; the pause is for turns freed by other instances.)
 */
export function turnRetryDelayMs(attempt: number, random: number): number {
  const ceiling = Math.min(1000, 200 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling * (0.5 + random / 2));
}
