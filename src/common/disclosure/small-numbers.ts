/**
 * NHS disclosure control for aggregate outputs: counts of 1-4 are shown as "<5" and any rate
 * derived from a suppressed count is withheld, so a figure cannot identify a person. Zero is
 * shown (it identifies nobody).
 */
export type SuppressedCount = number | '<5';

export const SMALL_NUMBER_LIMIT = 5;

export function suppressCount(n: number): SuppressedCount {
  return n > 0 && n < SMALL_NUMBER_LIMIT ? '<5' : n;
}

/** numerator / denominator, or null when the denominator is 0 or either count is suppressed. */
export function suppressedShare(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  if (suppressCount(numerator) === '<5' || suppressCount(denominator) === '<5') return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
