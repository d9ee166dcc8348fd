import type { Urgency } from './catalogue';

/**
 * Response clocks (domain.md step 3). A clock starts when the referral is received and runs to
 * `respondBy` (receivedAt + the target for its urgency, configurable). First contact stops it.
 * A clock is **breached** when `respondBy` passes without first contact; a late first contact
 * leaves it breached. A part closed without contact (returned, declined, cancelled) stops its
 * clock at that moment.
 *
 * `breachAt` folds this into one instant so the database can index and sort on it:
 * the clock is breached at any `now > breachAt`.
 */
export type ResponseTargets = Record<Urgency, number>; // minutes

/** Stands for "breached for good" (a late stop) and "never breached" (stopped in time). */
export const ALWAYS = new Date(0);
export const NEVER = new Date('9999-12-31T00:00:00.000Z');
/** The same instants as SQL literals (partial indexes split the queue by clock state on them). */
export const ALWAYS_SQL = `'1970-01-01 00:00:00+00'`;
export const NEVER_SQL = `'9999-12-31 00:00:00+00'`;

export function respondByFor(receivedAt: Date, urgency: Urgency, targets: ResponseTargets): Date {
  return new Date(receivedAt.getTime() + targets[urgency] * 60_000);
}

export function breachAt(respondBy: Date, stoppedAt: Date | null): Date {
  if (stoppedAt === null) return respondBy;
  return stoppedAt.getTime() > respondBy.getTime() ? ALWAYS : NEVER;
}

export function isBreached(breachAtInstant: Date, now: Date): boolean {
  return now.getTime() > breachAtInstant.getTime();
}

/** The referral as a whole is breached as soon as any of its parts is: the earliest breachAt. */
export function earliest(instants: readonly Date[]): Date | null {
  if (instants.length === 0) return null;
  return new Date(Math.min(...instants.map((d) => d.getTime())));
}

/** Why a requested respondBy override is not acceptable, or null. */
export function respondByOverrideProblem(override: Date, now: Date): string | null {
  if (override.getTime() <= now.getTime()) return 'must be in the future';
  if (override.getTime() > now.getTime() + 366 * 24 * 3_600_000) return 'must be within a year';
  return null;
}

/** Why a first-contact time is not acceptable, or null. Up to 5 minutes of clock skew is tolerated. */
export function firstContactProblem(at: Date, receivedAt: Date, now: Date): string | null {
  if (at.getTime() > now.getTime() + 5 * 60_000) return 'must not be in the future';
  if (at.getTime() < receivedAt.getTime()) return 'must not be before the referral was received';
  return null;
}
