export interface RetryPolicy {
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** Retries continue until the event is this old. */
  retryForHours: number;
}

/** Seconds to wait after failed attempt number `attempt` (1-based): base, 2*base, 4*base... capped. */
export function retryDelaySeconds(attempt: number, policy: Pick<RetryPolicy, 'retryBaseSeconds' | 'retryMaxSeconds'>): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.retryBaseSeconds * 2 ** exponent, policy.retryMaxSeconds);
}

/**
 * When to try again after failed attempt `attempt` of an event created at `createdAt`, or null
 * to give up: retries continue while the event is younger than retryForHours, and the last retry
 * is never scheduled before that horizon ends, so a receiver down for a whole day still gets it.
 */
export function nextAttemptAt(attempt: number, createdAt: Date, now: Date, policy: RetryPolicy): Date | null {
  const horizon = createdAt.getTime() + policy.retryForHours * 3_600_000;
  if (now.getTime() >= horizon) return null;
  return new Date(now.getTime() + retryDelaySeconds(attempt, policy) * 1000);
}
