/**
 * A sliding one-minute window, approximated from two fixed windows (the current one and the one
 * before it): the previous window's hits count in proportion to how much of it still overlaps the
 * last minute. Two counters per bucket instead of a log of timestamps, and no burst of twice the
 * limit across a window boundary as a plain fixed window allows.
 */
export const WINDOW_MS = 60_000;

export interface WindowCounts {
  /** Hits in the current window, this request included. */
  hits: number;
  /** Hits in the window before. */
  previous: number;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Start of the fixed window holding `nowMs` (aligned to the epoch, so every instance agrees). */
export function windowStart(nowMs: number, windowMs = WINDOW_MS): number {
  return Math.floor(nowMs / windowMs) * windowMs;
}

/** The weighted count of the last minute, this request included. */
export function estimate(nowMs: number, counts: WindowCounts, windowMs = WINDOW_MS): number {
  const elapsed = (nowMs - windowStart(nowMs, windowMs)) / windowMs;
  return counts.previous * (1 - elapsed) + counts.hits;
}

/**
 * Admit the request when the last minute's weighted count (this request included) is within the
 * limit. Otherwise Retry-After is when the next request would be admitted if none came meanwhile:
 * later in this window once the previous window's weight has decayed, or in the next window once
 * this one's has.
 */
export function judge(limit: number, nowMs: number, counts: WindowCounts, windowMs = WINDOW_MS): Verdict {
  if (estimate(nowMs, counts, windowMs) <= limit) return { allowed: true };
  const start = windowStart(nowMs, windowMs);
  const at =
    counts.hits + 1 <= limit
      ? start + windowMs * (1 - (limit - counts.hits - 1) / counts.previous)
      : start + windowMs + windowMs * Math.max(0, 1 - (limit - 1) / counts.hits);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((at - nowMs) / 1000)) };
}
